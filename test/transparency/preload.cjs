// Loaded first (`--require`) in both processes of a pair, before statewatch in the instrumented
// one: counts Math.random from the very start.
'use strict';
const { countCalls } = require('./observe.cjs');

countCalls(Math, 'random', 'Math.random');
