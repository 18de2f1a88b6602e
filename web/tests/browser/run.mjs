// Browser tests: playwright-core drives Debian's chromium against a running carbonpeak demo
// server (CARBONPEAK_URL). Started by web/test.sh. Prints "N passed, N failed".
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
async function test(name, fn) {
  const started = Date.now()
  try {
    await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (e) {
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
  expect(paint < 3000, `overview took ${paint} ms`)
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
  await page.goto(base + '/inventory')
  await page.waitForSelector('[data-test=inventory-empty]')
  await shot(page, 'inventory')
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
  for (const p of ['/overview', '/targets', '/tasks', '/projects', '/inventory']) {
    await page.goto(base + p)
    await page.waitForLoadState('networkidle')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow <= 1, `${p} is ${overflow}px too wide`)
  }
  await context.close()
})

await browser.close()
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
