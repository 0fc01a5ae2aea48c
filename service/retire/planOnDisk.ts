/** Plans a retire or merge against fleet.yaml as it is on disk now, with what the host has read. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FLEET_FILE } from '../../shared/parseFleet';
import { planRetire, type PlanInput } from '../../shared/retire/plan';
import type { RetirePlanResult, RetireRequest } from '../../shared/retire/types';
import { hashText } from '../fleetHistory';

export async function planOnDisk(root: string, read: Omit<PlanInput, 'text' | 'hash'>, request: RetireRequest): Promise<RetirePlanResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, FLEET_FILE));
  } catch {
    return { ok: false, refusal: { code: 'broken-file', message: `There is no readable ${FLEET_FILE} in ${root}` } };
  }
  return planRetire({ ...read, text: bytes.toString('utf8'), hash: hashText(bytes) }, request);
}
