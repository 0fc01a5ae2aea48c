/** Find (pure): seats matching a query by name, id, owner or domain, best matches first. */

export interface FindableSeat {
  id: string;
  name: string;
  owner: string | null;
  /** The owner's display name, when the owner is a seat. */
  ownerName?: string | null;
  owns: readonly string[];
}

export interface FindHit {
  id: string;
  /** What matched, for the result line. */
  field: 'name' | 'id' | 'owner' | 'domain';
  text: string;
}

const FIELD_RANK: Record<FindHit['field'], number> = { name: 0, id: 1, owner: 2, domain: 3 };

/** Matches on a word start beat matches inside a word; earlier fields beat later ones. */
export function findSeats(seats: readonly FindableSeat[], query: string, limit = 20): FindHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: Array<{ hit: FindHit; score: number; order: number }> = [];
  seats.forEach((seat, order) => {
    const fields: Array<[FindHit['field'], string]> = [
      ['name', seat.name],
      ['id', seat.id],
      ...(seat.owner ? ([['owner', seat.ownerName ?? seat.owner]] as Array<[FindHit['field'], string]>) : []),
      ...(seat.ownerName && seat.owner && seat.ownerName !== seat.owner ? ([['owner', seat.owner]] as Array<[FindHit['field'], string]>) : []),
      ...seat.owns.map((d) => ['domain', d] as [FindHit['field'], string]),
    ];
    let best: { hit: FindHit; score: number } | null = null;
    for (const [field, text] of fields) {
      const lower = text.toLowerCase();
      const at = lower.indexOf(q);
      if (at < 0) continue;
      const exact = lower === q ? 0 : 1;
      const wordStart = at === 0 || /[^a-z0-9]/.test(lower[at - 1] ?? '') ? 0 : 1;
      const score = exact * 100 + wordStart * 10 + FIELD_RANK[field];
      if (!best || score < best.score) best = { hit: { id: seat.id, field, text }, score };
    }
    if (best) scored.push({ ...best, order });
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, limit).map((s) => s.hit);
}
