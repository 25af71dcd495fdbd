import { Command } from 'commander';
import { registerKontaktcentre } from './commands/kontaktcentre.js';
import { registerServe } from './commands/serve.js';

const program = new Command('en-indgang')
  .description('Én Indgang — one point of contact to Københavns Kommune')
  .showHelpAfterError();

registerServe(program);
registerKontaktcentre(program);

await program.parseAsync(process.argv);
