#!/usr/bin/env node
// Screenshot of the terminal output (issue 17 item 5): runs `hopcheck --pretty --color always` on
// examples/, turns its ANSI colours into HTML and photographs it in headless Chromium (the e2e tools:
// scripts/e2e/setup.sh), like a dark terminal. Writes test-results/terminal/pretty.png and plain.png
// (the piped form) and the raw outputs next to them.
// usage: node scripts/screenshot-terminal.js   env: HOPCHECK_E2E_HOME, HOPCHECK_E2E_CHROMIUM
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const E2E_HOME = process.env.HOPCHECK_E2E_HOME || '/var/tmp/hopcheck-e2e';
const OUT = path.join(ROOT, 'test-results', 'terminal');
const CHROMIUM = process.env.HOPCHECK_E2E_CHROMIUM || '/usr/bin/chromium';

const SGR = { 1: 'font-weight:bold', 2: 'opacity:.65', 4: 'text-decoration:underline', 31: 'color:#f14c4c', 32: 'color:#23d18b', 33: 'color:#f5f543', 36: 'color:#29b8db' };
function toHtml(ansi) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let open = 0;
  let html = '';
  for (const part of ansi.split(/(\x1b\[\d+m)/)) {
    const m = /^\x1b\[(\d+)m$/.exec(part);
    if (!m) { html += esc(part); continue; }
    const code = Number(m[1]);
    if (SGR[code]) { html += `<span style="${SGR[code]}">`; open++; } else if (open) { html += '</span>'; open--; }
  }
  return html + '</span>'.repeat(open);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const shots = [
    ['pretty', ['--pretty', '--color', 'always', '--fail-on', 'none', 'examples/powershell/Invoke-RemoteEvict.ps1', 'examples/powershell/Destroy-LabCluster.ps1', 'examples/vbscript/evict-node.vbs', 'examples/powershell/Evict-OnNode.ps1']],
    ['plain', ['--no-pretty', '--fail-on', 'none', 'examples/']],
  ];
  const { chromium } = require(path.join(E2E_HOME, 'tools', 'node_modules', 'playwright-core'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 400 } });
    for (const [name, args] of shots) {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
      fs.writeFileSync(path.join(OUT, `${name}.txt`), r.stdout);
      await page.setContent(`<html><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;color:#cccccc;font:14px/1.35 'DejaVu Sans Mono',monospace;white-space:pre">`
        + `<span style="color:#23d18b">admin@ws01</span>:<span style="color:#3b8eea">~/cluster-scripts</span>$ hopcheck ${args.filter((a) => !/^--(color|always|fail-on|none)$|^always$|^none$/.test(a)).join(' ')}\n`
        + `${toHtml(r.stdout)}</pre></body></html>`);
      await page.locator('pre').screenshot({ path: path.join(OUT, `${name}.png`) });
      console.log(`screenshot: ${path.relative(ROOT, path.join(OUT, `${name}.png`))}`);
    }
  } finally {
    await browser.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
