export { FagsystemRegistry } from './fagsystem.js';
export type { Fagsystem, StatusAnswer, StatusQuery } from './fagsystem.js';
export { DemoBuildingCaseSystem, DemoHomeCareSystem, DEMO_CITIZENS, demoFagsystemer } from './demo.js';
