// Run after `npm install` changes package-lock.json:  node scripts/prune-lock.mjs
//
// The package registry this project uses mirrors only the platform packages it has seen
// (e.g. @rollup/rollup-linux-x64-gnu, not the android or darwin builds), so npm writes a
// lockfile whose optionalDependencies name packages it could not resolve, and `npm ci` then
// refuses the lockfile. This drops those unresolvable optional entries; the platforms that
// are in the lockfile install exactly as before.
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages
let dropped = 0
for (const [name, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies
  if (!optional) continue
  const nested = name ? name + '/node_modules/' : 'node_modules/'
  for (const dep of Object.keys(optional)) {
    if (!packages['node_modules/' + dep] && !packages[nested + dep]) {
      delete optional[dep]
      dropped++
    }
  }
}
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`prune-lock: dropped ${dropped} unresolvable optional dependencies`)
