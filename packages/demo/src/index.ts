// @statewatch/demo: the `statewatch demo` service, load generator and stack, and the example
// credit-scoring inputs and baseline they use.
export { run } from './run';
export { DEMO_SPEC } from './args';
export {
  scoringBaseline,
  scoringInputs,
  SCORING_CATEGORICAL,
  SCORING_NUMERIC,
  type ScoringInput,
} from './scoring';
