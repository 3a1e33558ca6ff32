package driftprocessor

// slidingWindow holds the counts of one feature over the last `buckets` sub-windows, the
// current partial one included (docs/drift-math.md, "Sliding window"). Sub-window e covers
// [e·width, (e+1)·width) in Unix nanoseconds, as in the TypeScript WindowClock. Each slot
// remembers which sub-window it holds, so stale slots are recognised without a clean-up pass
// and memory stays at buckets × columns counters.
type slidingWindow struct {
	width   int64 // nanoseconds per sub-window
	buckets int64
	columns int
	epochs  []int64   // sub-window held by each slot; -1 when empty
	counts  []float64 // buckets × columns
}

func newSlidingWindow(widthNanos int64, buckets, columns int) *slidingWindow {
	w := &slidingWindow{
		width:   widthNanos,
		buckets: int64(buckets),
		columns: columns,
		epochs:  make([]int64, buckets),
		counts:  make([]float64, buckets*columns),
	}
	for i := range w.epochs {
		w.epochs[i] = -1
	}
	return w
}

func (w *slidingWindow) epochOf(unixNanos int64) int64 {
	if unixNanos < 0 {
		return 0
	}
	return unixNanos / w.width
}

// add counts delta in column at time at, as seen at time now. Points from the future (clock
// skew) count in the current sub-window; points older than the window are refused.
func (w *slidingWindow) add(column int, delta float64, at, now int64) bool {
	current := w.epochOf(now)
	epoch := w.epochOf(at)
	if epoch > current {
		epoch = current
	}
	if epoch <= current-w.buckets {
		return false
	}
	slot := int(epoch % w.buckets)
	row := w.counts[slot*w.columns : (slot+1)*w.columns]
	if w.epochs[slot] != epoch {
		if w.epochs[slot] > epoch {
			return false // the slot already holds a newer sub-window
		}
		clear(row)
		w.epochs[slot] = epoch
	}
	// Saturating: a count never grows past 2^53, so sums stay finite and exact integers.
	row[column] = min(row[column]+delta, maxExactCount)
	return true
}

// sumInto writes the window's total per column at time now into out (len = columns).
func (w *slidingWindow) sumInto(out []float64, now int64) {
	clear(out)
	current := w.epochOf(now)
	for slot, epoch := range w.epochs {
		if epoch < 0 || epoch > current || epoch <= current-w.buckets {
			continue
		}
		row := w.counts[slot*w.columns : (slot+1)*w.columns]
		for c, v := range row {
			out[c] += v
		}
	}
}

// empty reports whether no sub-window of the window at time now holds anything.
func (w *slidingWindow) empty(now int64) bool {
	current := w.epochOf(now)
	for slot, epoch := range w.epochs {
		if epoch < 0 || epoch > current || epoch <= current-w.buckets {
			continue
		}
		for _, v := range w.counts[slot*w.columns : (slot+1)*w.columns] {
			if v != 0 {
				return false
			}
		}
	}
	return true
}
