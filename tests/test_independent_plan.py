"""Whole plans written by people who had not read the rules (tests/fixtures/independent/).

Each answer key was written with its plan, to the gold format. First measurements, before
any rule changed because of them (2026-11-21):

- plan_a (Bình Định): targets P 0.81 R 0.74, metadata 0.91 (a legal-basis line read as part
  of the title gave a 2019 horizon), everything else 1.00. Misses: sentences going on with
  the previous target inside one item, "chỉ tiêu này", counts carried to the next year.
- plan_b (Đà Nẵng, text of a PDF: hard-wrapped lines, page numbers, two-column header and
  signature on shared lines): targets P 0.63 R 0.66, metadata 0.73 (number, date and signer
  sat beside the other column), assignments and agencies R 0.97 ("Thành Đoàn"). Misses:
  "X% đối với <tier>" and "đối với <tiers> là X%", "lần lượt" followed by another clause,
  "Bảo tàng Đà Nẵng" (a provincial museum by its province's name), "thiết chế văn hóa - thể
  thao phường, xã", "cấp thành phố, cấp quận, huyện", a sentence opening with "Hằng năm".
- plan_c (Nghệ An, a one-year plan): targets P 0.92 R 0.88, everything else 1.00. Misses:
  "nhà văn hóa xóm, khối", growth "so với năm 2023" in a 2024 plan.
- plan_d (Gia Lai, targets in a Markdown table): targets P 0.32 R 0.22 (tables were read as
  flat lines), everything else 1.00.
- plan_e (Phú Yên, a decision issuing the plan, goals in prose, duties partly in prose):
  targets P 0.72 R 0.72, metadata 0.82, assignments 0.97. Misses: tiers written before their
  values ("thư viện cấp huyện lên 90%", "Thư viện tỉnh 100%; ..."), one predicate per list
  item, the decision's signature before the plan, "trước ngày 15/6 và 15/12", a duty that
  repeats its heading's bodies before "báo cáo".
- plan_f (Quảng Nam, extraction noise: old tone marks, glued words, NBSP, NFD characters,
  "Phần đầu", "80 %", a page break inside a target sentence): 1.00 everywhere at first sight.
- plan_g (Hồ Chí Minh City): targets P 0.11 R 0.08 (period headings "1. Giai đoạn 2023 - 2025"
  did not date their items), assignments 0.70, agencies 0.80 ("UBND thành phố Thủ Đức" read as
  the city's committee, "Đài Truyền hình Thành phố"). Also: "Thư viện Khoa học Tổng hợp Thành
  phố", "thành phố Thủ Đức" in district lists, items under a "Tỷ lệ ... đạt:" lead-in,
  "lần lượt" over ";"-separated tier groups, "75% phường, xã, thị trấn có câu lạc bộ",
  counts whose institution follows them ("... tại Thư viện ...").

The rules now handle those families, so these are regression tests; the figures above are
the honest measure of how unseen plans fare.

Six more (plans h-m, 2026-12-02), written by helpers who had not read the rules, first measured
before any change (targets P 0.65 R 0.47 F1 0.55 overall; rows stored at >= 0.9 right 90% of the
time, covering 45% of the keys): plan_h (Lào Cai after the 2025 merger, tier before value,
"tối thiểu/không dưới/trên", "phần trăm"), plan_i (a web copy of a decision with the plan, blank
number and day, "lần lượt là tỷ lệ <tiers>"), plan_j (PDF text, a target table and a duty
appendix table), plan_k (an annual plan under lead-ins, other part titles), plan_l (multi-period,
mixed orders of value, tier and year), plan_m (Markdown, Hải Phòng after the merger, prose
duties). Their first and current figures are in scores.yaml; the test holds each to its floor.

Five more (plans z, aa-ad, 2026-12-02, a later session), by five helpers who had not read the
rules, first measured before any change (targets P 0.81 R 0.82 F1 0.82; rows at >= 0.9 right 90%
of the time, covering 78%; assignments P 0.76): plan_z (An Giang after the 2025 merger, no
district level, lists under "Đến năm 2028:" lead-ins), plan_aa (PDF text of a decision with the
plan attached, "70% (năm 2025) và 90% (năm 2030)"), plan_ab (a web copy, values grouped "100% đối
với <tiers of three sectors>" under a lead-in that says what the share means for each sector),
plan_ac (an annual plan with a target table and a duty table whose partner column names several
bodies), plan_ad (two periods, every order of value, tier and year, past figures as background).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import score_one_plan

HERE = Path(__file__).parent / "fixtures" / "independent"
# Plans not yet read exactly: their first measurement and the floor a change may not go below.
SCORES = yaml.safe_load((HERE / "scores.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(HERE.glob("*.json")), ids=lambda p: p.stem)
def test_an_independent_plan_scores_like_its_answer_key(key, tmp_path):
    result = score_one_plan(key, tmp_path)
    overall = result["database"]["overall"]
    expected = json.loads(key.read_text(encoding="utf-8"))
    floor = SCORES.get(key.stem, {}).get("floor")  # None: exact (plans a-g, and those marked exact)
    for aspect, score in overall.items():
        if floor is None:
            assert (score["precision"], score["recall"]) == (1.0, 1.0), (aspect, score)
        else:
            assert score["precision"] >= floor[aspect][0] and score["recall"] >= floor[aspect][1], (aspect, score)
    if floor is None:
        assert overall["targets"]["tp"] == len(expected["targets"])
