"""The report's inline CSS and scripts (no external resources)."""

CSS = """
:root{--m:#cfe8d5;--a1:#8fd0a6;--a2:#3f9e68;--b1:#fde0c5;--b2:#f9b98a;--b3:#f08a5d;--b4:#d9534f;--na:#e2e2e2}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;color:#222;background:#fff}
header,main{padding:0 20px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #ddd}h3{font-size:16px;margin:18px 0 4px}
small,.small{font-size:11px;color:#555}.muted{color:#666}
nav a{margin-right:10px}
.scroll{overflow:auto;max-width:100%;border:1px solid #ddd}
/* the heatmap scrolls inside its own box; its three header rows and its first column stay in view */
.heatbox{max-height:78vh}
table{border-collapse:collapse}
.heat td,.heat th{border:1px solid #fff;padding:1px;font-size:10px;text-align:center;min-width:21px}
.heat thead th{background:#f4f4f4;position:sticky;z-index:2}
.heat thead tr.h1 th{top:0;height:40px;font-size:10px;line-height:1.15;overflow:hidden;vertical-align:middle}
.heat thead tr.h2 th{top:40px;height:18px}
.heat thead tr.h3 th{top:58px}
.heat th.tier{height:104px;vertical-align:bottom;padding:3px 0}
.heat th.tier span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
.heat th.grp{border-left:2px solid #999}
.rowh{text-align:left!important;white-space:nowrap;position:sticky;left:0;background:#f8f8f8;z-index:1;max-width:120px;overflow:hidden;text-overflow:ellipsis}
.heat thead th.rowh{z-index:3;top:0}
.heat tbody .rowh small{display:block}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:10px;color:#666}
.heat td a,.duties td a{color:inherit;text-decoration:none;display:block}
.national td{background:#333;color:#fff;font-weight:600}
.m{background:var(--m)}.a1{background:var(--a1)}.a2{background:var(--a2);color:#fff}
.b1{background:var(--b1)}.b2{background:var(--b2)}.b3{background:var(--b3)}.b4{background:var(--b4);color:#fff}
.na{background:var(--na);color:#777}.nc{background:#fff}
.legend span{display:inline-block;padding:1px 8px;margin:2px;border-radius:3px;font-size:12px}
/* charts keep their size (labels are placed for it) and scroll inside their box on narrow screens */
.chartbox{overflow-x:auto;max-width:100%}
svg.chart{display:block}
svg .grid{stroke:#eee}svg .axis{stroke:#555}svg .ax{font-size:11px;fill:#444}svg .yr{font-size:12px;font-weight:600;fill:#333}svg .val{font-size:10px;fill:#222}
svg .nat{stroke:#111;stroke-width:2.5}svg .natmax{stroke:#111;stroke-width:1.5;stroke-dasharray:4 3}
svg .band{fill:#000;opacity:.06}svg .whisker{stroke:#333;stroke-width:1.5}
svg .bar.m{fill:#7cc493}svg .bar.a1{fill:#3f9e68}svg .bar.a2{fill:#1f6e43}
svg .bar.b1{fill:#f6b27a}svg .bar.b2{fill:#f08a5d}svg .bar.b3{fill:#e0603a}svg .bar.b4{fill:#c0392b}svg .bar.na{fill:#aaa}
figure{margin:10px 0 24px}figcaption{margin-bottom:4px}
.duties td,.duties th{border:1px solid #e4e4e4;padding:3px 5px;font-size:12px;text-align:center}
.role{display:inline-block;border-radius:3px;padding:0 4px;margin:1px;font-size:11px;background:#eee}
.role.lead{background:#2f6db5;color:#fff}.role.coordinate{background:#9cc3ec}.role.implement{background:#cfe2c4}.role.report{background:#f3d98b}
.plan{border-top:1px solid #ccc;margin-top:24px}
.meta span{margin-right:14px;white-space:nowrap}
table.list td,table.list th{border-bottom:1px solid #eee;padding:2px 6px;font-size:12px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}
td.check{color:#8a4b00;font-size:11px}
ul.warnings{margin:4px 0;padding-left:20px;font-size:12px;color:#8a4b00}
table.list{max-width:100%}
@media (max-width:700px){header,main{padding:0 8px}table.list td,table.list th{font-size:11px;padding:2px 3px}
  .meta span{white-space:normal;display:inline-block}}
.text{white-space:pre-wrap;font-size:13px;line-height:1.55;background:#fafafa;border:1px solid #ddd;padding:10px;max-height:60vh;overflow:auto}
mark.t{background:#fff1a8}mark.d{background:#d6e9ff}mark.td{background:#e6f5c9}
/* a warning's span: underlined in orange, over whatever else marks it */
mark.w,mark.wt,mark.wd,mark.wtd{text-decoration:underline wavy #e67e22;text-underline-offset:3px}mark.w{background:#ffe3c4}mark.wt{background:#fff1a8}mark.wd{background:#d6e9ff}mark.wtd{background:#e6f5c9}
mark.hit{background:#ff9f43;outline:2px solid #e67e22}
.warn{color:#b00}
#js-errors{background:#b00;color:#fff;padding:6px 20px}
"""

# Runs first: records any script error into the DOM (an error marker the test looks for).
JS_HEAD = """
(function(){var errs=[];window.__reportErrors=errs;
function mark(m){errs.push(String(m));var d=document.documentElement;d.setAttribute('data-js-errors',String(errs.length));
var el=document.getElementById('js-errors');if(el){el.hidden=false;el.textContent='Script errors: '+errs.join(' | ');}}
window.__reportMark=mark;
window.onerror=function(msg,src,line,col){mark(msg+' (line '+line+':'+col+')');};
window.addEventListener('unhandledrejection',function(e){mark('unhandled rejection: '+e.reason);});})();
"""

# Highlights the quote a link points to, then checks the page: every in-page link and every
# highlighted piece must have its target; the result goes to <html data-selfcheck="ok|fail">.
JS_BODY = """
(function(){
function focus(id){
  document.querySelectorAll('mark.hit').forEach(function(m){m.classList.remove('hit');});
  if(!id)return;
  var ms=document.querySelectorAll('mark[data-r~="'+CSS.escape(id)+'"]');
  ms.forEach(function(m){m.classList.add('hit');});
  var d=document.getElementById(id);var box=d&&d.closest('.text');
  if(box&&ms.length){var m=ms[0];box.scrollTop=m.offsetTop-box.offsetTop-box.clientHeight/3;}
}
document.querySelectorAll('table.heat').forEach(function(t){
  var tiers=t.tHead.rows[2].cells, nat=t.tBodies[0].rows[0].cells;
  t.addEventListener('mouseover',function(e){
    var td=e.target.closest('td');if(!td||td.title||td.cellIndex<1)return;
    var th=tiers[td.cellIndex-1], row=td.parentNode.cells[0].textContent, st=td.getAttribute('data-status');
    td.title=row+' · '+th.title+': '+(st?(td.textContent+' '+t.getAttribute('data-vs')+' '+nat[td.cellIndex].textContent+' ('+t.getAttribute('data-st-'+st)+')'):t.getAttribute('data-nc'));
  });
});
window.addEventListener('hashchange',function(){focus(decodeURIComponent(location.hash.slice(1)));});
focus(decodeURIComponent(location.hash.slice(1)));
var problems=[];
document.querySelectorAll('a[href^="#"]').forEach(function(a){var id=a.getAttribute('href').slice(1);
  if(id&&!document.getElementById(id))problems.push('broken link #'+id);});
document.querySelectorAll('mark[data-r]').forEach(function(m){m.getAttribute('data-r').split(' ').forEach(function(id){
  if(!document.getElementById(id))problems.push('highlight without anchor '+id);});});
// Text of a chart must never overlap other text of that chart.
document.querySelectorAll('svg.chart').forEach(function(svg,si){
  var boxes=[].map.call(svg.querySelectorAll('text'),function(el){return [el,el.getBoundingClientRect()];});
  for(var i=0;i<boxes.length;i++)for(var j=i+1;j<boxes.length;j++){var a=boxes[i][1],b=boxes[j][1];
    if(a.width&&b.width&&a.left<b.right-0.5&&b.left<a.right-0.5&&a.top<b.bottom-0.5&&b.top<a.bottom-0.5)
      problems.push('chart '+svg.getAttribute('aria-label')+': labels overlap: '+boxes[i][0].textContent+' / '+boxes[j][0].textContent);}
});
var hb=document.querySelector('.heatbox');
if(hb)document.documentElement.setAttribute('data-heat-fits',hb.scrollWidth<=hb.clientWidth+1?'yes':'no');
document.documentElement.setAttribute('data-width',String(window.innerWidth));
problems.slice(0,20).forEach(function(p){window.__reportMark(p);});
document.documentElement.setAttribute('data-selfcheck',(problems.length||window.__reportErrors.length)?'fail':'ok');
})();
"""


