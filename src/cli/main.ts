import { Command } from 'commander';
import { registerClassify } from './commands/classify.js';
import { registerEval } from './commands/eval.js';
import { registerKontaktcentre } from './commands/kontaktcentre.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerServe } from './commands/serve.js';

const program = new Command('en-indgang')
  .description('Én Indgang — one point of contact to Københavns Kommune')
  .showHelpAfterError();

registerServe(program);
registerKontaktcentre(program);
registerClassify(program);
registerEval(program);
registerScenarios(program);

await program.parseAsync(process.argv);
