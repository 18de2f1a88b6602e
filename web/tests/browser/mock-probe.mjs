import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
const base = process.env.CARBONPEAK_URL
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
for (const vp of [{ width: 1366, height: 768 }, { width: 2560, height: 1440 }]) {
const context = await browser.newContext({ viewport: vp })
const page = await context.newPage()
page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()))
await page.route('**/api/v1/regions/430703/statistics/years', (r) => r.fulfill({ json: { years: [2020, 2021, 2022, 2023, 2024] } }))
await page.route('**/api/v1/regions/430703/inventory?*', (r) => r.fulfill({ body: readFileSync('/tmp/webdemo/inv.json'), contentType: 'application/json' }))
await page.route('**/api/v1/regions/430703/balance?*', (r) => r.fulfill({ body: readFileSync('/tmp/webdemo/bal.json'), contentType: 'application/json' }))
await page.goto(base + '/login')
await page.fill('input[name=username]', 'office'); await page.fill('input[name=password]', 'demo-office-2030'); await page.click('button[type=submit]')
await page.waitForURL(/overview/)
await page.goto(base + '/inventory')
await page.waitForSelector('[data-test=sankey] canvas')
await page.waitForTimeout(800)
const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
console.log('overflow', overflow)
await page.screenshot({ path: `/tmp/inv-${vp.width}.png`, fullPage: true })
await context.close()
}
await browser.close()
