/**
 * Checks the detectors against what the generator planted: every
 * `undeclared:*` finding beyond the plants of its flow is a false alarm.
 */

/** The parts of `inspect --json` output read here. */
export interface InspectJson {
  capture: { packets: number; bytes: number; sha256: string };
  flows: Array<{ first_frame: number; protocol: string; findings: Array<{ identifier: string }> }>;
  errors: Array<{ code: string; message: string }>;
  weirds: Record<string, number>;
}

/** The detectors' score on a generated capture. */
export interface AlarmCheck {
  planted: number;
  /** Plants found (at most one counted per plant). */
  found: number;
  /** `undeclared:*` findings that no plant explains. */
  falseAlarms: number;
  /** False alarms by identifier name. */
  falseByKind: Record<string, number>;
  /** Findings of declared identifiers. */
  declaredFindings: number;
}

/** Compares the findings with the plants (flow first frame + detector kind). */
export function checkAlarms(a: InspectJson, plants: Array<{ frame: number; kind: string }>): AlarmCheck {
  const want = new Map<string, number>();
  for (const p of plants) {
    const k = `${p.frame}|undeclared:${p.kind}`;
    want.set(k, (want.get(k) ?? 0) + 1);
  }
  const out: AlarmCheck = { planted: plants.length, found: 0, falseAlarms: 0, falseByKind: {}, declaredFindings: 0 };
  for (const f of a.flows) {
    for (const x of f.findings) {
      if (!x.identifier.startsWith('undeclared:')) {
        out.declaredFindings++;
        continue;
      }
      const k = `${f.first_frame}|${x.identifier}`;
      const left = want.get(k) ?? 0;
      if (left > 0) {
        want.set(k, left - 1);
        out.found++;
      } else {
        out.falseAlarms++;
        out.falseByKind[x.identifier] = (out.falseByKind[x.identifier] ?? 0) + 1;
      }
    }
  }
  return out;
}
