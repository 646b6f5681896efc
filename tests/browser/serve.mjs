// backstride serve in a real browser: Playwright (playwright-core) driving Debian's chromium,
// headless, with background networking off and every request that is not to this machine
// aborted, so no test needs the internet. Run by tests/browser_serve.sh, which installs
// playwright-core and prepares the library.
//
// Checks: every page reachable from / loads (2xx) without console errors; a pain entry sent
// through the form shows on the diary page; a file from data/example uploads and imports end to
// end; a hostile activity name, intervention name (the runner's note) and shoe name holding
// <script> and <img onerror> never execute; ".." paths and an oversized request are refused and
// the server keeps serving; SIGTERM stops it with exit 0 and no sanitizer report. Screenshots go
// to BKS_ARTEFACTS. Prints "N passed, N failed".
//
// Environment: BKS_BIN, BKS_DB, BKS_PW_DIR (folder holding node_modules/playwright-core),
// BKS_CHROMIUM, BKS_ARTEFACTS, BKS_SOURCE_DIR.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const require = createRequire(path.join(process.env.BKS_PW_DIR, 'package.json'));
const { chromium } = require('playwright-core');

const bin = process.env.BKS_BIN;
const db = process.env.BKS_DB;
const art = process.env.BKS_ARTEFACTS;
const src = process.env.BKS_SOURCE_DIR;
fs.mkdirSync(art, { recursive: true });

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.error(`FAIL: ${what}`);
  }
}

const HOSTILE = '<script>window.__pwned="script"</script><img src=x onerror="window.__pwned=\'img\'">';

// a short GPX run (3 m/s, 10 minutes) whose name is hostile
function hostileGpx() {
  const t0 = Date.parse('2026-09-01T06:00:00Z');
  let pts = '';
  for (let i = 0; i < 600; i++) {
    const lat = 47.0 + (i * 3) / 111320;
    const when = new Date(t0 + i * 1000).toISOString();
    pts += `<trkpt lat="${lat.toFixed(7)}" lon="8.0"><time>${when}</time>` +
      '<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>85</gpxtpx:cad>' +
      '</gpxtpx:TrackPointExtension></extensions></trkpt>\n';
  }
  const esc = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="backstride test" xmlns="http://www.topografix.com/GPX/1/1" ' +
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n' +
    `<trk><name>${esc}</name><type>running</type><trkseg>\n${pts}</trkseg></trk></gpx>\n`;
}

// a raw HTTP request, path exactly as given (the browser and fetch would normalise "..")
function raw(port, method, p, body, headers = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(10000, () => req.destroy());
    if (body) req.write(body);
    req.end();
  });
}

// start the server, read its URL
const server = spawn(bin, ['--db', db, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => server.on('exit', (code, sig) => resolve({ code, sig })));
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('no URL within 10 s')), 10000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+\/)\n/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
});
const port = Number(new URL(base).port);

const browser = await chromium.launch({
  executablePath: process.env.BKS_CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--no-default-browser-check', '--disable-default-apps', '--disable-sync',
    '--disable-domain-reliability', '--metrics-recording-only', '--disable-breakpad',
    '--disable-features=OptimizationHints,MediaRouter,Translate'],
});
const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
let offsite = 0;
await context.route('**/*', (route) => {
  const host = new URL(route.request().url()).hostname;
  if (host === '127.0.0.1' || host === 'localhost') return route.continue();
  offsite++;
  return route.abort();
});
// anything the hostile text could run would set this flag or open a dialog
await context.addInitScript(() => {
  window.__pwned = 0;
  window.alert = window.confirm = window.prompt = () => { window.__pwned = 'dialog'; };
});
const page = await context.newPage();
const consoleErrors = [];
let dialogs = 0;
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
page.on('dialog', (d) => { dialogs++; d.dismiss(); });

async function notPwned(where) {
  const flag = await page.evaluate(() => window.__pwned);
  const n = await page.evaluate(() => document.querySelectorAll('script, img, iframe').length);
  check(flag === 0 && n === 0, `${where}: hostile text ran or made elements (flag ${flag}, ${n} elements)`);
}

function shotName(p) {
  return (p === '/' ? 'overview' : p.replace(/^\//, '').replace(/[^A-Za-z0-9]+/g, '-')) + '.png';
}

try {
  // 1. pain through the form
  await page.goto(`${base}log`);
  await page.fill('#level', '8');
  await page.selectOption('#where', 'lower_back');
  await page.fill('input[name="date"] >> nth=0', '2026-09-03');
  await Promise.all([page.waitForURL(/\/log\?done=pain$/), page.click('#log-pain')]);
  const painRow = await page.locator('#pain-list tr', { hasText: '2026-09-03' }).innerText().catch(() => '');
  check(/\b8\b/.test(painRow), `pain entry not on the diary page (row: '${painRow}')`);
  await page.screenshot({ path: path.join(art, 'diary-after-pain.png'), fullPage: true });

  // 2. upload a file from data/example: imported end to end
  const runsBefore = await page.goto(`${base}runs`).then(() => page.locator('a[href^="/run/"]').count());
  await page.goto(`${base}import`);
  await page.setInputFiles('#file', path.join(src, 'data/example/easy-run.fit'));
  await Promise.all([page.waitForURL(/\/import$/), page.click('#upload')]);
  const result = await page.locator('#result').innerText().catch(() => '');
  check(/imported 1\b/.test(result) && /1 runs added/.test(result), `upload did not import: '${result}'`);
  await page.screenshot({ path: path.join(art, 'import-result.png'), fullPage: true });
  const runsAfter = await page.goto(`${base}runs`).then(() => page.locator('a[href^="/run/"]').count());
  check(runsAfter === runsBefore + 1, `runs ${runsBefore} -> ${runsAfter} after the upload, want +1`);
  // the new run is recorded under the file's own name, not the server's temporary file
  const ids = await page.locator('a[href^="/run/"]').evaluateAll(
    (as) => as.map((a) => Number(a.getAttribute('href').slice(5))));
  await page.goto(`${base}run/${Math.max(...ids)}`);
  const runText = await page.locator('body').innerText();
  check(runText.includes('source: upload:easy-run.fit'), 'the uploaded run is not recorded as upload:easy-run.fit');

  // 3. hostile names: an activity (uploaded GPX, with a hostile file name too) and a shoe
  await page.goto(`${base}import`);
  await page.setInputFiles('#file', {
    name: `${HOSTILE}.gpx`, mimeType: 'application/gpx+xml', buffer: Buffer.from(hostileGpx()),
  });
  await Promise.all([page.waitForURL(/\/import$/), page.click('#upload')]);
  const hres = await page.locator('#result').innerText().catch(() => '');
  // (the browser sends the file name's quotes as %22: its tags must still show as text)
  check(hres.includes('<script>window.__pwned=') && hres.includes('<img src=x onerror=') &&
    /imported 1\b/.test(hres), `hostile GPX not imported or name not shown as text: '${hres}'`);
  await notPwned('upload result');
  await page.goto(`${base}shoes`);
  await page.fill('#shoe-name', HOSTILE.slice(0, 63));
  await Promise.all([page.waitForURL(/\/shoes\?done=shoe$/), page.click('#add-shoe')]);
  const shoesText = await page.locator('body').innerText();
  check(shoesText.includes(HOSTILE.slice(0, 63)), 'hostile shoe name not shown as text');
  await notPwned('shoes');
  // a note: an intervention the runner names
  await page.goto(`${base}log`);
  await page.fill('form[action="/log/intervention"] input[name="name"]', HOSTILE.slice(0, 100));
  await Promise.all([page.waitForURL(/\/log\?done=intervention$/),
    page.click('form[action="/log/intervention"] button')]);
  const ivText = await page.locator('#interventions').innerText().catch(() => '');
  check(ivText.includes(HOSTILE.slice(0, 100)), 'hostile intervention name not shown as text');
  await notPwned('diary');
  await page.goto(`${base}runs`);
  check((await page.locator('body').innerText()).includes(HOSTILE), 'hostile activity name not shown as text in the runs list');
  await notPwned('runs');

  // the hostile intervention on /diary, as text; correct it there, then delete it
  await page.goto(`${base}diary`);
  check((await page.locator('body').innerText()).includes(HOSTILE.slice(0, 100)), 'hostile intervention name not shown as text on /diary');
  await notPwned('diary entries');
  const card = page.locator('.entry').filter({ hasText: 'intervention' }).first();
  await card.locator('form[action="/diary/edit"] input[name="name"]').fill('lumbar belt');
  await Promise.all([page.waitForURL(/\/diary\?done=edit$/), card.locator('form[action="/diary/edit"] button').click()]);
  check((await page.locator('body').innerText()).includes('lumbar belt'), 'the /diary edit is not shown');
  // at phone width the entries fit: no sideways scrolling
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(`${base}diary`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 400, `/diary is ${wide} px wide at a 400 px phone`);
  await page.setViewportSize({ width: 1000, height: 900 });
  const cardDel = page.locator('.entry').filter({ hasText: 'lumbar belt' }).first();
  await Promise.all([page.waitForURL(/\/diary\?done=delete$/), cardDel.locator('form[action="/diary/delete"] button').click()]);
  check(!(await page.locator('body').innerText()).includes('lumbar belt'), 'the /diary delete left the entry');

  // 4. every page reachable from / loads without console errors (and with screenshots)
  const seen = new Set();
  const queue = ['/'];
  let runPages = 0;
  while (queue.length) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    const before = consoleErrors.length;
    const resp = await page.goto(base + p.slice(1));
    const status = resp ? resp.status() : 0;
    check(status >= 200 && status < 300, `GET ${p} answered ${status}`);
    check(consoleErrors.length === before, `console errors on ${p}: ${consoleErrors.slice(before).join(' | ')}`);
    await notPwned(p);
    if (p === '/') {
      check(await page.locator('svg.chart').count() >= 3, '/ has fewer than 3 inline SVG charts');
    }
    const isRun = p.startsWith('/run/');
    if (!isRun || runPages++ < 3) {
      await page.screenshot({ path: path.join(art, shotName(p)), fullPage: true });
    }
    if (isRun && (await page.locator('body').innerText()).includes(HOSTILE)) {
      await page.screenshot({ path: path.join(art, 'hostile-run.png'), fullPage: true });
    }
    const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
    for (const h of hrefs) {
      const clean = h.split('#')[0].split('?')[0];
      if (!seen.has(clean)) queue.push(clean);
    }
  }
  check(seen.size >= 60, `only ${seen.size} pages reachable from /`);
  check(dialogs === 0, `${dialogs} dialogs opened`);
  check(offsite === 0, `${offsite} requests left this machine (aborted)`);

  // 5. ".." paths and an oversized request are refused; the server keeps serving
  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/run/..%2f..%2fetc%2fpasswd',
    '/run/1%00', '//etc/passwd']) {
    const c = await raw(port, 'GET', p);
    check(c === 400 || c === 404, `GET ${p} answered ${c}, want 400 or 404`);
  }
  const big = Buffer.alloc(300 * 1024, 'a');
  const c413 = await raw(port, 'POST', '/log/pain', big, {
    'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(big.length),
  });
  check(c413 === 413, `oversized form answered ${c413}, want 413`);
  const back = await page.goto(base);
  check(back && back.status() === 200, 'the server stopped serving after the bad requests');
} catch (e) {
  check(false, `exception: ${e.stack || e}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  const { code, sig } = await exited;
  check(code === 0, `serve exited ${code} (${sig}) on SIGTERM, want 0`);
  check(!/Sanitizer|runtime error:/.test(stderr), `sanitizer report: ${stderr.slice(0, 600)}`);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
