// Installs the pinned dynalite for the tests with `npm ci`, unless node_modules already holds
// exactly what package-lock.json pins (npm writes node_modules/.package-lock.json on install).
// Skipping the reinstall keeps repeated test runs fast and lets parallel builds share the folder.
// An argument names another folder with a package-lock.json to install the same way (the
// benchmarks' Node.js baseline: `node src/test/dynalite/install.js benchmarks/node`).
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const dir = process.argv[2] ? path.resolve(process.argv[2]) : __dirname
const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'))
const installedPath = path.join(dir, 'node_modules', '.package-lock.json')
const pinned = (packages) => JSON.stringify(Object.entries(packages || {})
  .filter(([name]) => name !== '')
  .map(([name, p]) => [name, p.version, p.integrity])
  .sort())

let upToDate = false
if (fs.existsSync(installedPath)) {
  const installed = JSON.parse(fs.readFileSync(installedPath, 'utf8'))
  upToDate = pinned(installed.packages) === pinned(lock.packages)
}
if (!upToDate) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' })
}
