export { Intake, henvendelseInput, followUpInput } from './intake.js';
export type { ContactView, HenvendelseInput, IntakeOptions } from './intake.js';
