// DuckDB peer of bench/run: the per-patient lag-1 statistics of
// core/cohort.h in SQL (window lead() + filtered corr/covar/stddev).
//   node duckdb_peer.mjs CSV DUCKFILE RUNS [PER_PATIENT_CSV]
// Loads CSV into DUCKFILE once (timed as load), runs the query RUNS times
// on a warm connection and prints JSON with the times and the aggregate.
// Two tables: `diary`, the raw rows in the order a clinic writes them (by
// day, then patient), and `diary_sorted`, sorted by patient and day with
// the next row's quality and day stored beside each row, so its query is
// the per-patient sums alone (the work backrest's packed image leaves its
// pass).
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';

const [csv, file, runsArg, perPatient] = process.argv.slice(2);
const runs = Number(runsArg || 5);

const PER_PATIENT = `
WITH l AS (
  SELECT patient_id, day, pain, quality,
         lead(quality) OVER w AS q_next, lead(day) OVER w AS d_next
  FROM diary WINDOW w AS (PARTITION BY patient_id ORDER BY day)
), v AS (
  SELECT patient_id,
         CASE WHEN pain IS NOT NULL AND quality IS NOT NULL THEN quality END AS x1,
         CASE WHEN pain IS NOT NULL AND quality IS NOT NULL THEN pain END AS y1,
         CASE WHEN d_next = day + 1 AND pain IS NOT NULL AND q_next IS NOT NULL THEN pain END AS x2,
         CASE WHEN d_next = day + 1 AND pain IS NOT NULL AND q_next IS NOT NULL THEN q_next END AS y2
  FROM l
)
SELECT patient_id,
       count(x1) AS n1,
       CASE WHEN count(x1) >= 14 AND var_samp(x1) > 0 AND var_samp(y1) > 0
            THEN corr(y1, x1) END AS r1,
       CASE WHEN count(x1) >= 14 AND var_samp(x1) > 0 AND var_samp(y1) > 0
            THEN covar_samp(x1, y1) / stddev_samp(x1) END AS b1,
       count(x2) AS n2,
       CASE WHEN count(x2) >= 14 AND var_samp(x2) > 0 AND var_samp(y2) > 0
            THEN corr(y2, x2) END AS r2,
       CASE WHEN count(x2) >= 14 AND var_samp(x2) > 0 AND var_samp(y2) > 0
            THEN covar_samp(x2, y2) / stddev_samp(x2) END AS b2
FROM v GROUP BY patient_id`;

const PER_PATIENT_SORTED = PER_PATIENT
  .replace(/WITH l AS \([\s\S]*?\), v AS/, 'WITH l AS (SELECT * FROM diary_sorted), v AS');

const aggregate = (perPatient) => `
WITH p AS (${perPatient})
SELECT count(r1), avg(r1), avg(b1), sum(n1), count(r2), avg(r2), avg(b2), sum(n2) FROM p`;
const AGGREGATE = aggregate(PER_PATIENT);
const AGGREGATE_SORTED = aggregate(PER_PATIENT_SORTED);

const fresh = !existsSync(file);
const instance = await DuckDBInstance.create(file);
const conn = await instance.connect();
let load = null;
let sortedLoad = null;
if (fresh) {
  const t = performance.now();
  await conn.run(`CREATE TABLE diary AS SELECT * FROM read_csv('${csv}', header = true,
    columns = {'patient_id': 'BIGINT', 'day': 'INTEGER', 'pain': 'TINYINT', 'quality': 'TINYINT'})
    ORDER BY day, patient_id`);
  load = (performance.now() - t) / 1000;
  const u = performance.now();
  await conn.run(`CREATE TABLE diary_sorted AS SELECT patient_id, day, pain, quality,
    lead(quality) OVER w AS q_next, lead(day) OVER w AS d_next
    FROM diary WINDOW w AS (PARTITION BY patient_id ORDER BY day) ORDER BY patient_id, day`);
  sortedLoad = (performance.now() - u) / 1000;
}
const hasSorted = (await conn.runAndReadAll(
  `SELECT count(*) FROM information_schema.tables WHERE table_name = 'diary_sorted'`)).getRows()[0][0];
if (!fresh && Number(hasSorted) === 0) {
  // a file from before the sorted table
  const u = performance.now();
  await conn.run(`CREATE TABLE diary_sorted AS SELECT patient_id, day, pain, quality,
    lead(quality) OVER w AS q_next, lead(day) OVER w AS d_next
    FROM diary WINDOW w AS (PARTITION BY patient_id ORDER BY day) ORDER BY patient_id, day`);
  sortedLoad = (performance.now() - u) / 1000;
}
const time = async (q) => {
  const times = [];
  let agg;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await conn.runAndReadAll(q);
    times.push((performance.now() - t) / 1000);
    agg = r.getRows()[0].map((v) => Number(v));
  }
  return [times, agg];
};
const [times, agg] = await time(AGGREGATE);
const [sortedTimes, sortedAgg] = await time(AGGREGATE_SORTED);
for (let i = 0; i < agg.length; i++)
  if (Math.abs(agg[i] - sortedAgg[i]) > 1e-9 * Math.max(1, Math.abs(agg[i])))
    throw new Error(`the sorted table disagrees: ${agg} vs ${sortedAgg}`);
if (perPatient) {
  await conn.run(`COPY (${PER_PATIENT} ORDER BY patient_id) TO '${perPatient}' (HEADER, DELIMITER ',')`);
}
const threads = (await conn.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0][0];
console.log(JSON.stringify({
  engine: 'duckdb', version: (await conn.runAndReadAll('SELECT version()')).getRows()[0][0],
  threads: Number(threads), load_s: load, times_s: times,
  sorted_load_s: sortedLoad, sorted_times_s: sortedTimes,
  aggregate: {
    sp: { patients: agg[0], mean_r: agg[1], mean_beta: agg[2], pairs: agg[3] },
    ps: { patients: agg[4], mean_r: agg[5], mean_beta: agg[6], pairs: agg[7] },
  },
}));
