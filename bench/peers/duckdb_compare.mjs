// Times DuckDB and carbonpeak on the same job, in the same run, on the same generated file:
// load a meter-reading CSV durably and compute the hourly per-enterprise tce and CO2 rollup.
//
//   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCPK_BUILD_BENCHMARKS=ON
//   cmake --build build/release --target monitor_benchmark
//   node bench/peers/duckdb_compare.mjs build/release/bench/monitor_benchmark [METERS] [SLOTS]
//
// DuckDB comes from npm (@duckdb/node-api, pinned in package.json) and is installed into
// bench/peers/node_modules, which git ignores; the script installs it on first use. Defaults:
// 10 000 meters × 2 000 periods = 20 million readings (about 620 MB of CSV). Work files go to
// the system's temporary folder and are removed at the end.
//
// DuckDB's job: CREATE TABLE from read_csv into a database file, CHECKPOINT (durable), then
// GROUP BY enterprise and hour with the same coefficients carbonpeak uses (printed by
// `monitor_benchmark factors` from the reference data). carbonpeak's job: `monitor_benchmark
// ingest` — durable ingest (acknowledged after fsync) with every rollup and the day checks,
// then the same hourly rollup read back for every enterprise.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [benchBinary, metersArg, slotsArg] = process.argv.slice(2);
if (!benchBinary) {
  console.error('usage: node bench/peers/duckdb_compare.mjs PATH/TO/monitor_benchmark [METERS] [SLOTS]');
  process.exit(2);
}
const meters = Number(metersArg ?? 10000);
const slots = Number(slotsArg ?? 2000);
const bench = resolve(benchBinary);

if (!existsSync(join(here, 'node_modules', '@duckdb', 'node-api'))) {
  console.error('installing @duckdb/node-api into bench/peers/node_modules ...');
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', here], {
    stdio: 'inherit',
  });
  if (npm.status !== 0) process.exit(1);
}
const { DuckDBInstance } = await import('@duckdb/node-api');

const work = mkdtempSync(join(tmpdir(), 'cpk-peers-'));
const csv = join(work, 'readings.csv');
const run = (args) => JSON.parse(execFileSync(bench, args, { encoding: 'utf8' }).trim());

try {
  const generated = run(['generate', csv, String(meters), String(slots)]);
  const factors = run(['factors']);
  console.log(`file: ${generated.readings.toLocaleString()} readings, ${(generated.bytes / 1e6).toFixed(0)} MB`);

  // ----- DuckDB
  const t0 = performance.now();
  const db = await DuckDBInstance.create(join(work, 'duck.db'));
  const con = await db.connect();
  await con.run(`CREATE TABLE readings AS SELECT * FROM read_csv('${csv}', header = true,
                 columns = {'meter': 'VARCHAR', 'period_start': 'TIMESTAMP', 'value': 'DOUBLE'})`);
  await con.run(`CREATE TABLE meters AS SELECT printf('M%05d', i) AS meter, i // 20 AS enterprise
                 FROM range(${meters}) t(i)`);
  await con.run('CHECKPOINT');
  const t1 = performance.now();
  const result = await con.runAndReadAll(`
    WITH hourly AS (
      SELECT m.enterprise, date_trunc('hour', r.period_start) AS hour,
             sum(r.value) * ${factors.kgce_per_kwh} / 1000 AS tce,
             sum(r.value) * ${factors.kgco2_per_kwh} / 1000 AS tco2
      FROM readings r JOIN meters m USING (meter)
      GROUP BY ALL)
    SELECT count(*) AS hourly_rows, sum(tce) AS tce, sum(tco2) AS tco2 FROM hourly`);
  const t2 = performance.now();
  const [duckRows, duckTce, duckCo2] = result.getRows()[0].map(Number);
  con.closeSync?.();
  const duck = { load_s: (t1 - t0) / 1000, query_s: (t2 - t1) / 1000, total_s: (t2 - t0) / 1000 };

  // ----- carbonpeak
  const cpk = run(['ingest', csv, join(work, 'carbonpeak'), String(meters)]);

  const relative = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  console.log(`DuckDB     load ${duck.load_s.toFixed(2)} s + GROUP BY ${duck.query_s.toFixed(2)} s = ${duck.total_s.toFixed(2)} s` +
              `   (${(generated.readings / duck.total_s / 1e6).toFixed(2)} M readings/s)`);
  console.log(`carbonpeak read ${cpk.read_s.toFixed(2)} s + ingest ${cpk.ingest_s.toFixed(2)} s + rollup read ${cpk.rollup_read_s.toFixed(3)} s = ${cpk.total_s.toFixed(2)} s` +
              `   (${(generated.readings / cpk.total_s / 1e6).toFixed(2)} M readings/s)`);
  console.log(`ratio      DuckDB / carbonpeak = ${(duck.total_s / cpk.total_s).toFixed(2)}×`);
  console.log(`totals     DuckDB ${duckTce.toFixed(6)} tce, ${duckCo2.toFixed(6)} tCO2, ${duckRows} hourly rows`);
  console.log(`           carbonpeak ${cpk.tce.toFixed(6)} tce, ${cpk.tco2.toFixed(6)} tCO2, ${cpk.hourly_rows} hourly rows`);
  const same = duckRows === cpk.hourly_rows && relative(duckTce, cpk.tce) < 1e-9 && relative(duckCo2, cpk.tco2) < 1e-9;
  console.log(`           ${same ? 'identical' : 'DIFFERENT'} (relative difference tce ${relative(duckTce, cpk.tce).toExponential(2)}, ` +
              `tCO2 ${relative(duckCo2, cpk.tco2).toExponential(2)}; carbonpeak rounds each reading to the milligram)`);
  process.exitCode = same ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
