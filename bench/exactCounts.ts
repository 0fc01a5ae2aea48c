/**
 * `npm run bench:counts`: only the service's exact-count figure of `npm run bench:ui`
 * (bench/serviceFigures.ts), without building the app or starting a browser.
 *
 * Env: BENCH_ROUNDS=5 · BENCH_MESSAGES=200000.
 */
import { cpus, totalmem } from 'node:os';
import { exactCountFigures, printExactCounts } from './serviceFigures';

console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB`);
printExactCounts(await exactCountFigures(Number(process.env.BENCH_MESSAGES ?? 200_000), Number(process.env.BENCH_ROUNDS ?? 5)));
