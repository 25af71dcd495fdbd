import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffTables, type RoutingTable } from '../../src/routing/index.js';
import { Triage, type GivenCitizenFacts } from '../../src/triage/index.js';
import { loadRouting, routingRulesCopy, type RoutingFixture } from '../support/routing.js';

// A Wednesday at noon in Copenhagen: every first line is open.
const NOON = new Date('2026-12-02T11:00:00Z');

let routing: RoutingFixture;
let withOverrides: RoutingFixture;
let triage: Triage;
let cleanup: () => void;

beforeAll(async () => {
  routing = await loadRouting();
  triage = await Triage.load(routing.knowledgeBaseDir, routing.registry);
  // The greb the sources call infeasible can be studied only in a scenario file that overrides them.
  const override = (id: string, greb: string) =>
    `id: ${id}\nname: ${id}\nvariant: baseline-2024\ngreb: [${greb}]\noverrides:\n  - greb: ${greb}\n    reason: test of the greb's effect\n`;
  const copy = routingRulesCopy({
    'scenarios/t-a3-b.yaml': override('t-a3-b', 'a3-social-beskaeftigelse-b'),
    'scenarios/t-a6-s1.yaml': override('t-a6-s1', 'a6-byens-rum-s1'),
    'scenarios/t-a6-s2.yaml': override('t-a6-s2', 'a6-byens-rum-s2'),
  });
  cleanup = copy.cleanup;
  withOverrides = await loadRouting(copy.dir);
}, 60_000);
afterAll(() => cleanup?.());

const table = (id: string): RoutingTable => (id.startsWith('t-') ? withOverrides : routing).catalog.table(id);
const route = (scenario: string, text: string, given: GivenCitizenFacts = {}) => triage.triage(text, given, table(scenario), NOON);
const baseline = () => table('baseline-2024');

const TMF = ['tmf-kontaktcenter', 'tmf-parkering', 'tmf-parker-kirker-renhold', 'tmf-byggeri', 'tmf-arrangementer-gadesalg', 'tmf-udeservering-stoej', 'tmf-miljoe', 'tmf-affald', 'tmf-mobilitet-og-byfornyelse'];
const BIF = ['bif-jobcenter', 'bif-ydelsesservice', 'bif-sociale-ydelser', 'bif-erhvervshus'];
const SOF = ['sof-sociale-hjemmepleje', 'sof-borgercenter-handicap', ...[1, 2, 3, 4, 5].map((n) => `sof-borgercenter-boern-og-unge-${n}`)];
const KFF = ['kff-koebenhavns-kontaktcenter', 'kff-borgerservice', 'kff-biblioteket-online', 'kff-vielseskontoret', 'kff-folkeregisteret', 'kff-folkepension', 'kff-international-citizen-service', 'kff-bevillingsnaevnet'];

interface GrebCase {
  readonly scenario: string;
  readonly units: readonly string[];
  readonly tasks?: readonly string[];
  readonly query: string;
  readonly given?: GivenCitizenFacts;
  /** What changes for that query: the case owner, the first line or the service. */
  readonly before: Partial<Record<'forvaltning' | 'firstLine' | 'group', string | null>>;
  readonly after: Partial<Record<'forvaltning' | 'firstLine' | 'group', string | null>>;
}

const cases: Record<string, GrebCase> = {
  'a2-erhverv-s1': {
    scenario: 'baseline-2024,a2-erhverv-s1',
    units: [...BIF, 'tmf-kontaktcenter'].sort(),
    query: 'Vi er en virksomhed og vil gerne ansætte en medarbejder med løntilskud',
    before: { group: 'bif-erhvervshus', forvaltning: 'BIF', firstLine: 'kff-koebenhavns-kontaktcenter' },
    after: { group: 'bif-erhvervshus', forvaltning: 'EBF', firstLine: 'bif-erhvervshus' },
  },
  'a2-erhverv-s2': {
    scenario: 'baseline-2024,a2-erhverv-s2',
    units: [...KFF, 'bif-erhvervshus', 'tmf-kontaktcenter'].sort(),
    query: 'Jeg skal have nyt pas',
    before: { group: 'kff-borgerservice', forvaltning: 'KFF' },
    after: { group: 'kff-borgerservice', forvaltning: 'EKF' },
  },
  'a2-erhverv-s4+byliv': {
    scenario: 'baseline-2024,a2-erhverv-s4+byliv',
    units: [...TMF, 'bif-erhvervshus', 'kff-bevillingsnaevnet'].sort(),
    query: 'Vi vil søge om alkoholbevilling til vores restaurant',
    before: { group: 'kff-bevillingsnaevnet', forvaltning: 'KFF' },
    after: { group: 'kff-bevillingsnaevnet', forvaltning: 'ETF' },
  },
  'a2-erhverv-s4': {
    scenario: 'baseline-2024,a2-erhverv-s4',
    units: [...TMF, 'bif-erhvervshus'].sort(),
    query: 'Der er et stort hul i vejen på min gade',
    before: { forvaltning: 'TMF' },
    after: { forvaltning: 'ETF' },
  },
  'a3-social-beskaeftigelse-a (with a5-tmf-opdeling)': {
    scenario: 'baseline-2024,a3-social-beskaeftigelse-a,a5-tmf-opdeling',
    units: [...BIF, ...SOF, ...TMF].sort(),
    query: 'Jeg har ikke fået min kontanthjælp udbetalt',
    before: { group: 'bif-ydelsesservice', forvaltning: 'BIF' },
    after: { group: 'bif-ydelsesservice', forvaltning: 'BSF' },
  },
  'a5-tmf-opdeling (with a3-social-beskaeftigelse-a)': {
    scenario: 'baseline-2024,a5-tmf-opdeling,a3-social-beskaeftigelse-a',
    units: [...BIF, ...SOF, ...TMF].sort(),
    query: 'Min skraldespand er ikke blevet tømt',
    before: { group: 'tmf-affald', forvaltning: 'TMF' },
    after: { group: 'tmf-affald', forvaltning: 'KDF' },
  },
  'a3-social-beskaeftigelse-a+hjaelpemidler-u65': {
    scenario: 'baseline-2024,a3-social-beskaeftigelse-a+hjaelpemidler-u65,a5-tmf-opdeling',
    units: [...BIF, ...SOF, ...TMF].sort(),
    tasks: ['handicap-hjaelpemidler-under-65'],
    query: 'Jeg er 45 og har brug for en ny kørestol fra kommunen',
    before: { group: 'sof-borgercenter-handicap', forvaltning: 'SOF' },
    after: { group: 'suf-visitationen', forvaltning: 'SUF' },
  },
  'a3-social-beskaeftigelse-b (override)': {
    scenario: 't-a3-b',
    units: ['bif-jobcenter', 'bif-ydelsesservice'],
    query: 'Jeg vil gerne tale med min sagsbehandler i jobcentret',
    given: { longBenefitSeniority: true },
    before: { group: 'bif-jobcenter', forvaltning: 'BIF' },
    after: { group: 'bif-jobcenter', forvaltning: 'SOF' },
  },
  'a4-ungeindsats-s1': {
    scenario: 'baseline-2024,a4-ungeindsats-s1',
    units: ['buf-uu-koebenhavn'],
    query: 'Min søn går i 9. klasse og skal vælge uddannelse',
    before: { forvaltning: 'BUF' },
    after: { forvaltning: 'BIF' },
  },
  'a4-ungeindsats-s2': {
    scenario: 'baseline-2024,a4-ungeindsats-s2',
    units: [],
    tasks: ['uu-stu', 'uu-unge-uden-uddannelse'],
    query: 'Min søn på 17 er droppet ud af gymnasiet og laver ingenting, kan I hjælpe ham videre?',
    before: { group: 'buf-uu-koebenhavn', forvaltning: 'BUF' },
    after: { group: 'bif-jobcenter', forvaltning: 'BIF' },
  },
  'a6-byens-rum-s1 (override)': {
    scenario: 't-a6-s1',
    units: ['tmf-arrangementer-gadesalg', 'tmf-parker-kirker-renhold', 'tmf-udeservering-stoej'],
    query: 'Jeg vil søge om udeservering til min café',
    before: { group: 'tmf-udeservering-stoej', forvaltning: 'TMF' },
    after: { group: 'tmf-udeservering-stoej', forvaltning: 'KFF' },
  },
  'a6-byens-rum-s2 (override)': {
    scenario: 't-a6-s2',
    units: ['tmf-arrangementer-gadesalg', 'tmf-udeservering-stoej'],
    query: 'Jeg vil søge om udeservering til min café',
    before: { forvaltning: 'TMF' },
    after: { forvaltning: 'KFF' },
  },
  'a6-byens-rum-s3': {
    scenario: 'baseline-2024,a6-byens-rum-s3',
    units: ['tmf-parker-kirker-renhold'],
    query: 'Der ligger meget skrald i parken ved søen',
    before: { group: 'tmf-parker-kirker-renhold', forvaltning: 'TMF' },
    after: { group: 'tmf-parker-kirker-renhold', forvaltning: 'KFF' },
  },
  'a7-naerdemokrati-s2': {
    scenario: 'baseline-2024,a7-naerdemokrati-s2',
    units: [],
    tasks: ['omraadefornyelse-bygningsfornyelse'],
    query: 'Kan vi få støtte til bygningsfornyelse af vores ejendom?',
    before: { group: 'tmf-mobilitet-og-byfornyelse', forvaltning: 'TMF' },
    after: { group: 'tmf-mobilitet-og-byfornyelse', forvaltning: 'KFF' },
  },
  'a9-hjemmepleje-s1': {
    scenario: 'baseline-2024,a9-hjemmepleje-s1',
    units: [],
    tasks: ['hjemmepleje-sygepleje'],
    query: 'Sygeplejersken er ikke kommet med min medicin',
    given: { age: 50 },
    before: { group: 'sof-sociale-hjemmepleje', forvaltning: 'SOF' },
    after: { group: 'suf-hjemmepleje', forvaltning: 'SUF' },
  },
  'a9-hjemmepleje-s2': {
    scenario: 'baseline-2024,a9-hjemmepleje-s2',
    units: ['sof-sociale-hjemmepleje'],
    tasks: ['hjemmepleje-sygepleje'],
    query: 'Hvornår kommer hjemmeplejen i dag?',
    given: { age: 50 },
    before: { group: 'sof-sociale-hjemmepleje', forvaltning: 'SOF' },
    after: { group: 'suf-hjemmepleje', forvaltning: 'SUF' },
  },
  'a9-hjemmepleje-s2+hjaelpemidler': {
    scenario: 'baseline-2024,a9-hjemmepleje-s2+hjaelpemidler',
    units: ['sof-sociale-hjemmepleje'],
    tasks: ['handicap-hjaelpemidler-under-65', 'hjemmepleje-sygepleje'],
    query: 'Jeg er 45 og har brug for en ny kørestol fra kommunen',
    before: { group: 'sof-borgercenter-handicap', forvaltning: 'SOF' },
    after: { group: 'suf-visitationen', forvaltning: 'SUF' },
  },
  'a10-csv': {
    scenario: 'baseline-2024,a10-csv,d-b2025-adhd-add',
    units: ['buf-csv'],
    tasks: ['csv-adhd-add'],
    query: 'Jeg er voksen og har mistet hørelsen, kan jeg få undervisning i mundaflæsning?',
    before: { group: 'buf-csv', forvaltning: 'BUF' },
    after: { group: 'buf-csv', forvaltning: 'SUF' },
  },
  'a10-csv-sof': {
    scenario: 'baseline-2024,a10-csv-sof,d-b2025-adhd-add',
    units: ['buf-csv'],
    tasks: ['csv-adhd-add'],
    query: 'Jeg er voksen og har mistet hørelsen, kan jeg få undervisning i mundaflæsning?',
    before: { forvaltning: 'BUF' },
    after: { forvaltning: 'SOF' },
  },
  'd-b2025-adhd-add': {
    scenario: 'baseline-2024,d-b2025-adhd-add',
    units: [],
    tasks: ['csv-adhd-add'],
    query: 'Jeg har ADHD og vil gerne have undervisning i at strukturere min hverdag',
    before: { group: 'buf-csv', forvaltning: 'BUF' },
    after: { group: 'buf-csv', forvaltning: 'SUF' },
  },
};

describe.each(Object.entries(cases))('greb %s', (_name, c) => {
  it('diff against baseline-2024 lists exactly the units (and tasks) it moves', () => {
    const diff = diffTables(baseline(), table(c.scenario));
    expect(diff.units.map((u) => u.unit).sort()).toEqual([...c.units].sort());
    expect(diff.tasks.map((t) => t.intent).sort()).toEqual([...(c.tasks ?? [])].sort());
  });

  it('changes the owner or first line of a real query', () => {
    const before = route('baseline-2024', c.query, c.given);
    const after = route(c.scenario, c.query, c.given);
    expect(before).toMatchObject(c.before);
    expect(after).toMatchObject(c.after);
  });
});

describe('greb that move no citizen-facing unit or task', () => {
  it.each(['a2-erhverv-s3', 'a3-social-beskaeftigelse-c', 'a7-naerdemokrati-s1', 'a8-klub-fritid-s1', 'a8-klub-fritid-alt', 'd-b2025-mistrivsel', 'd-sof-boernemyndighed'])(
    '%s changes nothing for routing (its topics have no registry entry)',
    (greb) => {
      const diff = diffTables(baseline(), table(`baseline-2024,${greb}`));
      expect(diff).toMatchObject({ units: [], tasks: [], rules: [] });
    },
  );

  it('records their topics without entry', () => {
    expect(table('baseline-2024,a7-naerdemokrati-s1').topicsWithoutEntry.map((t) => `${t.topic}→${t.to}`)).toEqual(['lokaludvalg→KFF', 'lokaludvalgets pulje→KFF', 'lokale initiativer→KFF']);
  });
});

describe('Én Indgang variants', () => {
  const RUNDE_1 = ['sof-sociale-hjemmepleje', 'suf-hjemmepleje-1', 'suf-hjemmepleje-2', 'suf-hjemmepleje-3', 'suf-hjemmepleje-4', 'suf-hjemmepleje-5', 'sof-borgercenter-handicap', 'kff-biblioteket-online', 'buf-pladsanvisningen'];

  it('en-indgang-kff-runde-1: the nine Runde 1 units are answered by Én Indgang, the rest as in 2024, owners unchanged', () => {
    const runde1 = table('en-indgang-kff-runde-1');
    const base = baseline();
    for (const [id, unit] of runde1.units) {
      expect(unit.caseOwner, id).toBe(base.units.get(id)!.caseOwner);
      expect(unit.firstLine, id).toBe(RUNDE_1.includes(id) ? 'en-indgang' : base.units.get(id)!.firstLine);
    }
    expect(diffTables(base, runde1).units.map((u) => u.unit).sort()).toEqual([...RUNDE_1].sort());
    expect(route('en-indgang-kff-runde-1', 'Hvornår kommer hjemmeplejen?', { age: 80, bydel: 'valby' })).toMatchObject({ kontaktcenter: 'suf-hjemmepleje-4', forvaltning: 'SUF', firstLine: 'en-indgang' });
    expect(route('en-indgang-kff-runde-1', 'Min skraldespand er ikke blevet tømt')).toMatchObject({ firstLine: 'tmf-affald' });
  });

  it('en-indgang-kff: every citizen-facing unit is answered by Én Indgang (KFF), owners unchanged', () => {
    const all = table('en-indgang-kff');
    expect([...all.units.values()].every((u) => u.firstLine === 'en-indgang')).toBe(true);
    expect(all.operator).toEqual({ id: 'en-indgang', forvaltning: 'KFF' });
    expect(diffTables(baseline(), all).units.every((u) => u.caseOwner === undefined)).toBe(true);
    expect(route('en-indgang-kff', 'Jeg vil gerne tale med et menneske')).toMatchObject({ group: 'kff-koebenhavns-kontaktcenter', firstLine: 'en-indgang', handling: 'viderestilling', queue: 'en-indgang/kff-koebenhavns-kontaktcenter' });
  });

  it('en-indgang-bif: as en-indgang-kff, with Københavns Borgerservice owned by BIF; +cbm adds the rest of the centre', () => {
    const kff = table('en-indgang-kff');
    const bif = table('en-indgang-bif');
    const diff = diffTables(kff, bif);
    expect(diff.units.map((u) => [u.unit, u.caseOwner])).toEqual([
      ['kff-koebenhavns-kontaktcenter', { from: 'KFF', to: 'BIF' }],
      ['kff-borgerservice', { from: 'KFF', to: 'BIF' }],
    ]);
    expect(diff.operator).toEqual({ from: 'en-indgang (KFF)', to: 'en-indgang (BIF)' });
    expect(diffTables(bif, table('en-indgang-bif-cbm')).units.map((u) => u.unit)).toEqual(['kff-folkeregisteret', 'kff-international-citizen-service']);
    expect(route('en-indgang-bif', 'Jeg skal have nyt pas')).toMatchObject({ forvaltning: 'BIF', firstLine: 'en-indgang' });
  });
});
