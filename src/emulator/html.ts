/**
 * The emulator's own pages (the OAuth dialog, the "Apps and websites" settings): plain
 * server-rendered HTML, one stylesheet, a banner that says it is the local emulator, everything
 * shown escaped. No JavaScript.
 */
import type { Reply } from './http.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f0f2f5;color:#1c1e21}
.banner{background:#fff3cd;color:#664d03;border-bottom:1px solid #ffe69c;padding:.6rem 1rem;text-align:center;font-size:.9rem}
main{max-width:420px;margin:1.5rem auto;padding:0 .75rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.1),0 8px 16px rgba(0,0,0,.08);padding:1.25rem}
h1{font-size:1.25rem;margin:0 0 .25rem}p{margin:.25rem 0 1rem;color:#444}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=password]{width:100%;padding:.7rem;border:1px solid #ccd0d5;border-radius:6px;font-size:1rem}
input:focus,button:focus{outline:3px solid #1877f2;outline-offset:2px}
fieldset{border:1px solid #dddfe2;border-radius:6px;margin:1rem 0;padding:.5rem .75rem}legend{font-weight:600;padding:0 .25rem}
.perm{display:flex;gap:.6rem;align-items:center;margin:.4rem 0;font-weight:400}.perm input{width:1.15rem;height:1.15rem}
.note{font-size:.85rem;color:#606770}.error{background:#fde8e8;color:#8a1c1c;border-radius:6px;padding:.6rem .75rem;margin-bottom:.75rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
button{flex:1 1 8rem;padding:.75rem 1rem;border-radius:6px;border:0;font-size:1rem;font-weight:600;cursor:pointer}
.primary{background:#1877f2;color:#fff}.secondary{background:#e4e6eb;color:#1c1e21}
code{word-break:break-all}
h2{font-size:1.1rem;margin:1rem 0 .5rem}.app{margin:1rem 0}.app h2{margin-top:0}
.perms{list-style:none;padding:0;margin:0}.perms li{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:.4rem 0}
.perms button{flex:0 0 auto;padding:.4rem .7rem;font-size:.9rem}
.done{background:#e7f3e8;color:#1e4620;border-radius:6px;padding:.6rem .75rem;margin-bottom:.75rem}`;

export function layout(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Local Meta emulator</title><style>${STYLE}</style></head><body>
<div class="banner" role="note"><strong>Local Meta emulator</strong> — this is not Facebook. Nothing here leaves this machine.</div>
<main>${content}</main></body></html>`;
}

export function errorPage(title: string, message: string): Reply {
  const body = `<div class="card" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`;
  return { status: 400, raw: layout(title, body) };
}

