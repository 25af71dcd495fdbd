import type { Fagsystem, StatusAnswer, StatusQuery } from './fagsystem.js';

/**
 * DEMO ONLY — fixture data for development and tests, not a real integration. It answers the two status
 * questions of the seeds for a few made-up citizens and cases, so that straksafklaring can be exercised end to
 * end. Replace it with adapters to the real systems (care planning for hjemmeplejen, the building-case system).
 */
export const DEMO_CITIZENS = {
  /** Gets hjemmepleje; next visit at 14:30 on the day asked. */
  withHomeCare: 'demo-borger-1',
  /** Gets no hjemmepleje. */
  withoutHomeCare: 'demo-borger-2',
} as const;

const BUILDING_CASES: Record<string, string> = {
  '2026-0412': 'under behandling; sagsbehandleren forventer en afgørelse inden for 3 uger',
  '2026-0007': 'afgjort: byggetilladelsen er givet og sendt til dig i Digital Post',
};

export class DemoHomeCareSystem implements Fagsystem {
  readonly name = 'demo-hjemmepleje (fixture data)';
  readonly intents = ['hjemmepleje-besoegstid', 'sociale-hjemmepleje-besoeg'];

  async lookup(query: StatusQuery): Promise<StatusAnswer | null> {
    if (query.citizenRef !== DEMO_CITIZENS.withHomeCare) return null;
    return { text: 'Dit næste besøg fra hjemmeplejen er i dag kl. 14.30.', source: this.name };
  }
}

export class DemoBuildingCaseSystem implements Fagsystem {
  readonly name = 'demo-byggesager (fixture data)';
  readonly intents = ['byggeri-status-byggesag'];

  async lookup(query: StatusQuery): Promise<StatusAnswer | null> {
    const status = query.caseNumber ? BUILDING_CASES[query.caseNumber] : undefined;
    return status ? { text: `Byggesag ${query.caseNumber}: ${status}.`, source: this.name } : null;
  }
}

export const demoFagsystemer = (): Fagsystem[] => [new DemoHomeCareSystem(), new DemoBuildingCaseSystem()];
