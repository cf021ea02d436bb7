/** The site's look, in one style sheet that layout.tsx inlines in every page's head. */

/**
 * The site's style sheet. A reading column of about 70 characters; below 40rem the label/value
 * grids fold to one column and the header wraps, so a 390 px phone never scrolls sideways; table
 * cells break long IRIs anywhere, and a wide result table scrolls inside its own box.
 * Element rules stop at `.yasgui`: the query editor brings its own styles (CodeMirror's lines are
 * `pre` elements, its input a `textarea`), which page-wide rules would otherwise override.
 */
export const STYLE = `:root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;--accent:#0b5fae;--accent-soft:#e8f1fb;--orcid:#a6ce39}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:#fff}
.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}
body.wide .wrap{max-width:96rem}
a{color:var(--accent);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem;z-index:10}
header.site{background:var(--soft);border-bottom:1px solid var(--line)}
header.site nav{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.1rem;padding:.65rem 0}
header.site .brand{font-weight:700;font-size:1.15rem;color:var(--fg);text-decoration:none;margin-right:auto}
header.site .brand span{color:var(--accent)}
main{padding:.5rem 0 2.5rem}
h1{font-size:1.7rem;line-height:1.25;margin:1rem 0 .75rem;overflow-wrap:anywhere}
h2:not(.yasgui *){font-size:1.2rem;line-height:1.3;margin:2rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3:not(.yasgui *){font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:1.1rem 0 .2rem}
p{margin:.5rem 0}
.lead{font-size:1.1rem;color:var(--muted)}
.kicker{margin:1rem 0 0;color:var(--muted);font-size:.95rem}
.muted,.meta{color:var(--muted)}
.meta{font-size:.9rem}
dl:not(.yasgui *){display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.35rem 1.25rem;margin:.5rem 0}
dt:not(.yasgui *){font-weight:600}dd:not(.yasgui *){margin:0;overflow-wrap:anywhere}
dd ul{margin:0;padding:0;list-style:none}
section.authors ol{columns:2 15rem;column-gap:2rem;margin:.5rem 0;padding-left:1.8rem}
section.authors li{break-inside:avoid;padding:.1rem 0}
ul.plain{list-style:none;padding:0;margin:.5rem 0}
ul.plain>li{padding:.5rem 0;border-bottom:1px solid var(--line)}
ul.plain>li:last-child{border-bottom:0}
ul.links{padding-left:1.2rem}ul.links li{margin:.2rem 0}
ul.formats{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.5rem 0}
ul.formats a{display:inline-block;padding:.2rem .6rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;background:var(--soft)}
p.reference{padding-left:1.5rem;text-indent:-1.5rem;overflow-wrap:anywhere}
.orcid{white-space:nowrap;font-size:.9rem}
.orcid svg{width:16px;height:16px;vertical-align:-3px;margin-right:.25rem}
.abstract p{margin:.2rem 0 .6rem}
main .wrap>table,main section>table,.results>table{border-collapse:collapse;width:100%;margin:.5rem 0}
main .wrap>table caption,main section>table caption,.results>table caption{text-align:left;font-weight:600;padding:.25rem 0}
main .wrap>table :is(th,td),main section>table :is(th,td),.results>table :is(th,td){text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.results{overflow-x:auto;max-width:100%}
.results>table{min-width:20rem}
.results th,table.statements th{white-space:nowrap;overflow-wrap:normal}
.results td{min-width:6rem}
code:not(.yasgui *),pre:not(.yasgui *),textarea:not(.yasgui *){font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code:not(.yasgui *){overflow-wrap:anywhere}
pre:not(.yasgui *){overflow-x:auto;background:var(--soft);padding:.75rem;border-radius:.4rem}
textarea:not(.yasgui *){width:100%;padding:.6rem;border:1px solid var(--line);border-radius:.4rem;background:var(--soft);color:var(--fg);resize:vertical}
details{margin:1rem 0}summary{cursor:pointer;font-weight:600}
input:not(.yasgui *),select:not(.yasgui *){max-width:100%}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
form.search label{flex-basis:100%;font-weight:600}
form.search small{flex-basis:100%}
form.search input{flex:1 1 14rem;min-width:0;font:inherit;padding:.55rem .75rem;border:1px solid #8c959f;border-radius:.4rem}
button:not(.yasgui *){font:inherit;padding:.5rem 1rem;border:1px solid var(--accent);border-radius:.4rem;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.stats>div{background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .9rem;min-width:8rem}
.stats dt{font-weight:400;color:var(--muted);font-size:.85rem}
.stats dd{font-size:1.35rem;font-weight:650}
.stats dl{display:block;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;padding:0;list-style:none}
.cards>li{border:1px solid var(--line);border-radius:.5rem;padding:.75rem .9rem}
.cards>li>a{font-weight:600}
.cards p{margin:.25rem 0 0;color:var(--muted);font-size:.9rem}
.pager{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.25rem;margin:1rem 0}
.byline cite{font-style:italic}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:1rem 0 2rem}
@media (max-width:40rem){
  header.site nav{gap:.15rem 1rem;font-size:.95rem}
  header.site .brand{flex-basis:100%}
  h1{font-size:1.4rem}
  dl:not(.yasgui *){grid-template-columns:1fr;gap:0}
  dd:not(.yasgui *){margin-bottom:.6rem}
  .stats>div{flex:1 1 40%}
}`;
