// What other statewatch packages build on (the demo shows the `top` view of its service).
export { runTopLoop, type TopLoopOptions } from './top/loop';
export { scrape } from './top/scrape';
export { computeView, type TopView } from './top/view';
export * from './cli/exit-codes';
export {
  helpText,
  parseCommand,
  stringValue,
  type CommandSpec,
  type OptionSpec,
  type Values,
} from './cli/spec';
