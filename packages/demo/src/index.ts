// @statewatch/demo: the `statewatch demo` service, load generator and stack, and the example
// credit-scoring inputs and baseline they use.
export { run } from './run';
export {
  scoringBaseline,
  scoringInputs,
  SCORING_CATEGORICAL,
  SCORING_NUMERIC,
  type ScoringInput,
} from './scoring';
