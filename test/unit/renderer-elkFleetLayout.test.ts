import { describe, expect, it } from 'vitest';
import { elkFleetGraphOf, fitZoom, fleetPositionsOf, type FleetLayoutRequest } from '../../renderer/src/graph/elkFleetLayout';
import { autoLayout, SEAT_HEIGHT, SEAT_WIDTH, type Link, type Positions } from '../../renderer/src/graph/layout';

/** Two teams (a human lead and six agents in a handoff chain), a handoff between them, some traffic, and a lone seat. */
function smallFleet(): FleetLayoutRequest {
  const seats: string[] = [];
  const links: Link[] = [];
  for (const t of ['a', 'b']) {
    const members = [`${t}-lead`];
    for (let i = 1; i <= 6; i++) members.push(`${t}-${i}`);
    seats.push(...members);
    for (let i = 0; i + 1 < members.length; i++) links.push({ from: members[i]!, to: members[i + 1]! });
    links.push({ from: `${t}-6`, to: `${t}-lead`, ranked: false });
  }
  links.push({ from: 'a-6', to: 'b-lead' });
  seats.push('lone');
  return { seats, links, direction: 'LR' };
}

async function layOut(request: FleetLayoutRequest): Promise<Positions> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return fleetPositionsOf(await new ELK().layout(elkFleetGraphOf(request)));
}

describe('elkFleetLayout (elkjs layout of a small fleet)', () => {
  it('places every seat once, and no two seats overlap', async () => {
    const request = smallFleet();
    const positions = await layOut(request);
    expect(Object.keys(positions).sort()).toEqual([...request.seats].sort());
    const boxes = Object.entries(positions);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [, a] = boxes[i]!;
        const [, b] = boxes[j]!;
        const apart = a.x + SEAT_WIDTH <= b.x || b.x + SEAT_WIDTH <= a.x || a.y + SEAT_HEIGHT <= b.y || b.y + SEAT_HEIGHT <= a.y;
        expect(apart, `${boxes[i]![0]} and ${boxes[j]![0]} overlap`).toBe(true);
      }
    }
  });

  it('is readable at fit zoom: cards at least 0.6 of their size, about as large as layout.ts gives', async () => {
    const request = smallFleet();
    const elk = fitZoom(await layOut(request));
    const dagre = fitZoom(autoLayout(request.seats, request.links, request.direction));
    console.info(`fit zoom: elk ${elk.toFixed(2)}, layout.ts ${dagre.toFixed(2)}`);
    expect(elk).toBeGreaterThanOrEqual(0.6);
  });
});
