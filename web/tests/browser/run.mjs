// Browser tests: playwright-core drives Debian's chromium against a running carbonpeak demo
// server (CARBONPEAK_URL). Started by web/test.sh. Prints "N passed, N failed, N skipped".
//   ONLY=monitoring  runs only the tests whose name matches.
//   SCREENSHOTS=../docs/screenshots  saves the main pages (1366×768 and a 2560×1440 wall).
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

const base = process.env.CARBONPEAK_URL
if (!base) throw new Error('set CARBONPEAK_URL, e.g. http://127.0.0.1:8080')
const shots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : ''
if (shots) mkdirSync(shots, { recursive: true })

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

let passed = 0
let failed = 0
let skipped = 0
class Skip extends Error {}
/** Ends a test as skipped, with the reason printed (a server without the feature). */
function skip(reason) {
  throw new Skip(reason)
}
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null
async function test(name, fn) {
  if (only && !only.test(name)) return
  const started = Date.now()
  try {
    await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (e) {
    if (e instanceof Skip) {
      skipped++
      console.log(`skip ${name}: ${e.message}`)
      return
    }
    failed++
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n     ')}`)
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message)
}

async function newPage(viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  return { context, page }
}

async function login(page, user, password) {
  await page.goto(base + '/login')
  await page.fill('input[name=username]', user)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 })
}

async function shot(page, name) {
  if (!shots) return
  await page.waitForTimeout(400) // let charts finish their animation
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false })
}

/** An API call from inside the page, with the session cookie and the CSRF token. */
async function api(page, method, url, body) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const s = await fetch('/api/v1/session').then((r) => r.json())
      const res = await fetch(url, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { method, url, body },
  )
}

await test('logged-out requests are refused and pages lead to the login', async () => {
  const { context, page } = await newPage()
  const res = await page.request.get(base + '/api/v1/plans')
  expect(res.status() === 401, `GET /api/v1/plans without login: ${res.status()}`)
  const post = await page.request.post(base + '/api/v1/tasks/1/reports', { data: { period: '2025', status: 'done' } })
  expect(post.status() === 401, `POST without login: ${post.status()}`)
  await page.goto(base + '/overview')
  await page.waitForURL(/\/login/)
  expect(await page.isVisible('[data-test=login-form]'), 'login form visible')
  await shot(page, 'login')
  await context.close()
})

await test('a wrong password is refused with a message', async () => {
  const { context, page } = await newPage()
  await page.goto(base + '/login')
  await page.fill('input[name=username]', 'office')
  await page.fill('input[name=password]', 'not-the-password')
  await page.click('button[type=submit]')
  await page.waitForSelector('[data-test=login-error]')
  expect(page.url().includes('/login'), 'still on the login page')
  await context.close()
})

let ownTask = 0
let otherTask = 0

await test('office sees the overview with main targets and warning colours, fast', async () => {
  const { context, page } = await newPage()
  await login(page, 'office', 'demo-office-2030')
  const started = Date.now()
  await page.goto(base + '/overview')
  await page.waitForSelector('[data-test=main-targets] .target-card')
  const paint = Date.now() - started
  const cards = await page.$$eval('[data-test=main-targets] .target-card', (els) =>
    els.map((e) => ({ warning: e.getAttribute('data-warning'), cls: e.className, border: getComputedStyle(e).borderLeftColor })),
  )
  expect(cards.length > 0, 'main target cards shown')
  for (const c of cards) {
    expect(/warn-(red|yellow|green|none)/.test(c.cls), `card has a warning colour class: ${c.cls}`)
    expect(c.border !== 'rgba(0, 0, 0, 0)', 'card border is coloured')
  }
  const title = await page.textContent('[data-test=plan-title]')
  expect(title && title.includes('鼎城区'), `plan title: ${title}`)
  console.log(`     overview: ${cards.length} main targets, shown ${paint} ms after navigation`)
  // a sanity bound only; the speed figure is the first-meaningful-paint measurement below
  expect(paint < 10000, `overview took ${paint} ms`)
  await page.waitForSelector('canvas')
  await shot(page, 'overview')
  // English switch
  await page.click('[data-test=lang]')
  await page.waitForSelector('text=Main targets')
  await shot(page, 'overview-en')
  await page.click('[data-test=lang]')
  await page.goto(base + '/targets')
  await page.waitForSelector('[data-test=targets-table] tbody tr')
  await page.selectOption('select[name=year]', '2025')
  await page.waitForTimeout(300)
  const years = await page.$$eval('[data-test=targets-table] tbody tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent))
  expect(years.length > 0 && years.every((y) => y === '2025'), `year filter: ${years.slice(0, 5)}`)
  await shot(page, 'targets')
  await page.goto(base + '/tasks')
  await page.waitForSelector('table tbody tr')
  await shot(page, 'tasks')
  await page.goto(base + '/projects')
  await page.waitForSelector('[data-test=projects-table] tbody tr')
  await shot(page, 'projects')
  await context.close()
})

await test('a department submits a progress report and the office sees and accepts it', async () => {
  const { context, page } = await newPage()
  await login(page, 'fgj', 'demo-fgj-2030')
  const tasks = await api(page, 'GET', '/api/v1/plans/430703/tasks?limit=500')
  const unit = '区发展和改革局（区国动办）'
  for (const t of tasks.body.items) {
    const mine = t.lead_units.includes(unit) || t.cooperating_units.includes(unit)
    if (mine && !ownTask && t.lead_units.includes(unit)) ownTask = t.id
    if (!mine && !otherTask) otherTask = t.id
  }
  expect(ownTask && otherTask, 'found an own and another unit\'s task')
  await page.goto(base + '/my-tasks')
  await page.waitForSelector(`[data-test=my-tasks] tr[data-task="${ownTask}"]`)
  await shot(page, 'my-tasks')
  await page.click(`[data-test=my-tasks] tr[data-task="${ownTask}"] [data-test=open-form]`)
  await page.waitForSelector('[data-test=report-form]')
  await page.fill('textarea[name=narrative]', '已完成煤炭消费结构调整方案编制，正在征求意见。')
  await page.selectOption('select[name=status]', 'in_progress')
  await page.click('[data-test=submit]')
  await page.waitForSelector('[data-test=ok]')
  await shot(page, 'report-form')
  await context.close()

  const office = await newPage()
  await login(office.page, 'office', 'demo-office-2030')
  await office.page.goto(base + `/tasks/${ownTask}`)
  await office.page.waitForSelector('[data-test=report-state]')
  const text = await office.page.textContent('main')
  expect(text.includes('已完成煤炭消费结构调整方案编制'), 'office sees the narrative')
  expect(text.includes('待审核'), 'report awaits review')
  await shot(office.page, 'task-review')
  await office.page.click('[data-test=accept]')
  await office.page.waitForSelector('[data-test=report-state]:has-text("已通过")')
  await office.context.close()
})

await test('a department cannot open another unit\'s report form or call its API', async () => {
  const { context, page } = await newPage()
  await login(page, 'fgj', 'demo-fgj-2030')
  await page.goto(base + `/my-tasks/${otherTask}/report`)
  await page.waitForSelector('[data-test=forbidden]')
  const form = await api(page, 'GET', `/api/v1/tasks/${otherTask}/reports`)
  expect(form.status === 403, `GET other task's reports: ${form.status}`)
  const write = await api(page, 'POST', `/api/v1/tasks/${otherTask}/reports`, { period: '2025', status: 'done' })
  expect(write.status === 403, `POST other task's report: ${write.status}`)
  const noCsrf = await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/tasks/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"period":"2025","status":"done"}' })
    return r.status
  }, ownTask)
  expect(noCsrf === 403, `POST without the CSRF token: ${noCsrf}`)
  await context.close()
})

await test('admin sees users and the refused attempts in the audit log', async () => {
  const { context, page } = await newPage()
  await login(page, 'admin', 'demo-admin-2030')
  await page.goto(base + '/admin')
  await page.waitForSelector('[data-test=users] tbody tr')
  await page.selectOption('[data-test=audit-filter]', 'auth.')
  await page.waitForSelector('[data-test=audit] td:has-text("auth.denied")')
  await shot(page, 'admin')
  await context.close()
})

await test('first meaningful paint of the overview (headless chromium)', async () => {
  const { context, page } = await newPage()
  await login(page, 'office', 'demo-office-2030')
  const runs = []
  for (let i = 0; i < 5; i++) {
    await page.goto(base + '/overview')
    await page.waitForSelector('[data-test=main-targets] .target-card')
    await page.waitForFunction(() => performance.getEntriesByName('cpk-overview-painted').length > 0)
    runs.push(
      await page.evaluate(() => ({
        painted: performance.getEntriesByName('cpk-overview-painted')[0].startTime,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      })),
    )
  }
  const painted = runs.map((r) => r.painted).sort((a, b) => a - b)
  const fcp = runs.map((r) => r.fcp).sort((a, b) => a - b)
  const median = (xs) => xs[Math.floor(xs.length / 2)]
  console.log(
    `     first meaningful paint of the overview (main targets shown), 5 loads: median ${median(painted).toFixed(0)} ms, ` +
      `max ${painted[painted.length - 1].toFixed(0)} ms; first contentful paint median ${median(fcp).toFixed(0)} ms`,
  )
  // A figure, not a pass/fail on a shared machine: FMP_BUDGET_MS=1000 makes it a check.
  const budget = Number(process.env.FMP_BUDGET_MS ?? 0)
  if (budget) expect(median(painted) < budget, `overview first meaningful paint ${median(painted).toFixed(0)} ms > ${budget} ms`)
  await context.close()
})

await test('the inventory page shows the demo year\'s totals and the Sankey', async () => {
  const { context, page } = await newPage()
  await login(page, 'office', 'demo-office-2030')
  const years = await api(page, 'GET', '/api/v1/regions/430703/statistics/years')
  if (years.status === 404) {
    await page.goto(base + '/inventory')
    await page.waitForSelector('[data-test=inventory-empty]')
    skip('the server has no /statistics/years route; the empty state is shown')
  }
  expect(years.status === 200, `statistics/years: ${years.status}`)
  await page.goto(base + '/inventory')
  await page.waitForSelector('[data-test=gross-co2e]')
  const year = Number(await page.inputValue('[data-test=year]'))
  const inv = await api(page, 'GET', `/api/v1/regions/430703/inventory?year=${year}`)
  expect(inv.status === 200, `inventory: ${inv.status}`)
  const want = (Math.round((inv.body.totals.gross_co2e_t / 1e4) * 100) / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })
  const shown = (await page.textContent('[data-test=gross-co2e]')).trim()
  expect(shown === want, `gross emissions shown ${shown}, the API says ${want} 万tCO2e`)
  const shownT = (await page.textContent('[data-test=gross-co2e-t]')).trim()
  expect(shownT === Math.round(inv.body.totals.gross_co2e_t).toLocaleString('zh-CN'), `table total ${shownT}`)
  const rows = await page.$$eval('[data-test=inventory-table] tbody tr', (trs) => trs.length)
  expect(rows > 1, `inventory rows: ${rows}`)
  expect(await page.isVisible('[data-test=synthetic]'), 'the SYNTHETIC banner is shown for demo data')
  await page.waitForSelector('[data-test=balance-table] tbody tr')
  await page.waitForSelector('[data-test=sankey] canvas')
  const box = await page.$eval('[data-test=sankey] canvas', (c) => ({ w: c.width, h: c.height }))
  expect(box.w > 100 && box.h > 100, `Sankey canvas ${box.w}×${box.h}`)
  console.log(`     inventory ${year}: ${shown} 万tCO2e gross, ${rows} rows, Sankey drawn`)
  await shot(page, 'inventory')
  await page.click('[data-test=lang]')
  await page.waitForSelector('text=Energy flows (Sankey)')
  await shot(page, 'inventory-en')
  await page.click('[data-test=lang]')
  await context.close()
})

const noMonitorDemo = 'the demo has no monitored enterprises (carbonpeak demo must call app::LoadMonitorDemo)'

await test('the monitoring page shows a non-empty series that updates', async () => {
  const { context, page } = await newPage()
  await login(page, 'office', 'demo-office-2030')
  const probe = await api(page, 'GET', '/api/v1/monitor/now')
  if (probe.status === 404) skip('the server has no /api/v1/monitor routes')
  if (probe.body.enterprises === 0) skip(noMonitorDemo)
  await page.goto(base + '/monitoring')
  await page.waitForSelector('[data-test=series][data-points]:not([data-points="0"])', { timeout: 15000 })
  const first = await page.getAttribute('[data-test=series]', 'data-last')
  const firstMonth = await page.textContent('[data-test=month-tce]')
  await page.waitForSelector('[data-test=series] canvas')
  // the page polls every 5 s; the demo's live stream adds readings meanwhile
  await page.waitForFunction(
    ({ first, firstMonth }) =>
      document.querySelector('[data-test=series]')?.getAttribute('data-last') !== first ||
      document.querySelector('[data-test=month-tce]')?.textContent !== firstMonth,
    { first, firstMonth },
    { timeout: 30000 },
  )
  const points = await page.getAttribute('[data-test=series]', 'data-points')
  console.log(`     monitoring: ${points} points, updated from ${first} to ${await page.getAttribute('[data-test=series]', 'data-last')}`)
  const top = await page.$$eval('[data-test=top-enterprise]', (els) => els.length)
  expect(top > 0, 'top enterprises listed')
  await shot(page, 'monitoring')
  // drill down: an enterprise, then one of its meters
  await page.click('[data-test=top-enterprise] >> nth=0')
  await page.waitForSelector('[data-test=meters] [data-test=open-meter]')
  await page.click('[data-test=meters] [data-test=open-meter] >> nth=0')
  await page.waitForSelector('[data-test=meters] tr.selected')
  await page.waitForSelector('[data-test=series][data-points]:not([data-points="0"])')
  await shot(page, 'monitoring-meter')
  await context.close()
})

await test('an enterprise user sees only its own enterprise', async () => {
  const admin = await newPage()
  await login(admin.page, 'admin', 'demo-admin-2030')
  const list = await api(admin.page, 'GET', '/api/v1/monitor/enterprises')
  if (list.status === 404) skip('the server has no /api/v1/monitor routes')
  if (list.status === 200 && list.body.items.length === 0) skip(noMonitorDemo)
  expect(list.status === 200 && list.body.items.length >= 2, `enterprises: ${list.status}`)
  const [own, other] = list.body.items
  const made = await api(admin.page, 'POST', '/api/v1/users', {
    username: 'ent-browser-test',
    password: 'ent-browser-test-2030',
    role: 'enterprise',
    display_name: own.name,
    enterprise: own.credit_code,
  })
  expect(made.status === 201 || made.status === 200 || made.status === 409, `add enterprise user: ${made.status} ${JSON.stringify(made.body)}`)
  await admin.context.close()

  const { context, page } = await newPage()
  await login(page, 'ent-browser-test', 'ent-browser-test-2030')
  await page.waitForURL(/\/monitoring/)
  await page.waitForSelector('[data-test=series][data-points]')
  const text = await page.textContent('main')
  expect(text.includes(own.name), 'own enterprise shown')
  expect(!text.includes(other.name), `another enterprise (${other.name}) is not shown`)
  expect(!(await page.isVisible('[data-test=top]')), 'no top list for an enterprise')
  const theirs = await api(page, 'GET', `/api/v1/monitor/series?level=enterprise&code=${other.credit_code}`)
  expect(theirs.status === 403, `another enterprise's series: ${theirs.status}`)
  const top = await api(page, 'GET', '/api/v1/monitor/top')
  expect(top.status === 403, `top for an enterprise: ${top.status}`)
  const alerts = await api(page, 'GET', '/api/v1/monitor/alerts')
  expect(alerts.body.items.every((a) => a.enterprise === own.credit_code), 'alerts of its own enterprise only')
  await shot(page, 'monitoring-enterprise')
  await context.close()
})

await test('the public page works logged out and shows no task data', async () => {
  const office = await newPage()
  await login(office.page, 'office', 'demo-office-2030')
  const years = await api(office.page, 'GET', '/api/v1/regions/430703/statistics/years')
  let published = false
  if (years.status === 200) {
    const list = Array.isArray(years.body) ? years.body : (years.body.years ?? years.body.items.map((i) => i.year ?? i))
    const year = Math.max(...list.map(Number))
    const pub = await api(office.page, 'POST', '/api/v1/regions/430703/publications', { year })
    published = pub.status === 200 || pub.status === 201
    expect(published || pub.status === 404, `publish ${year}: ${pub.status} ${JSON.stringify(pub.body)}`)
  }
  await office.context.close()

  const { context, page } = await newPage()
  const asked = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.pathname.startsWith('/api/')) asked.push(u.pathname)
  })
  await page.goto(base + '/login')
  await page.click('[data-test=public-link]')
  await page.waitForURL(/\/public/)
  await page.waitForSelector('[data-test=public] h1')
  const probe = await page.request.get(base + '/api/v1/public/regions/430703/indicators')
  if (probe.status() === 404 && !published) skip('the server has no public indicators route')
  await page.waitForSelector('[data-test=public-indicators] tbody tr')
  const keys = await page.$$eval('[data-test=public-indicators] tbody tr', (trs) => trs.map((t) => t.getAttribute('data-key')))
  expect(keys.length > 0, 'published indicators shown')
  const text = await page.textContent('main')
  for (const word of ['重点任务', '进展', '牵头单位', '待审核']) expect(!text.includes(word), `no task data on the public page: "${word}"`)
  expect(asked.every((p) => p.startsWith('/api/v1/public/')), `the public page asked only public routes: ${asked}`)
  const plans = await page.request.get(base + '/api/v1/plans')
  expect(plans.status() === 401, `still logged out: ${plans.status()}`)
  console.log(`     public: ${keys.length} indicators`)
  await shot(page, 'public')
  await context.close()
})

await test('the overview works on a wall display', async () => {
  const { context, page } = await newPage({ width: 2560, height: 1440 })
  await login(page, 'office', 'demo-office-2030')
  await page.waitForSelector('[data-test=main-targets] .target-card')
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
  expect(!overflow, 'no horizontal scrolling')
  await page.waitForSelector('canvas')
  await shot(page, 'overview-wall')
  await context.close()
})

await test('the pages fit a 1366×768 screen without horizontal scrolling', async () => {
  const { context, page } = await newPage()
  await login(page, 'office', 'demo-office-2030')
  for (const p of ['/overview', '/targets', '/tasks', '/projects', '/inventory', '/monitoring', '/public']) {
    await page.goto(base + p)
    await page.waitForLoadState('networkidle')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow <= 1, `${p} is ${overflow}px too wide`)
  }
  await context.close()
})

await browser.close()
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed === 0 ? 0 : 1)
