package bench

// Helpers shared by the benchmarks of this package: percentiles, medians and a
// runner that shares a fixed amount of work among concurrent clients.

import (
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// percentile is the p-th percentile (0 < p <= 100) of ds by the nearest-rank method.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(float64(len(s))*p/100+0.999999) - 1
	return s[max(0, min(rank, len(s)-1))]
}

// median of xs (the mean of the middle two for an even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// runClients makes total calls of work shared among clients goroutines, each taking
// the next call number as it becomes free, and returns the wall time and the first
// error. work gets its client's index and the call number.
func runClients(clients, total int, work func(client, n int) error) (time.Duration, error) {
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for n := int(next.Add(1)) - 1; n < total; n = int(next.Add(1)) - 1 {
				if err := work(c, n); err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if e := first.Load(); e != nil {
		return elapsed, *e
	}
	return elapsed, nil
}

// side is one workload of a comparison: clients concurrent clients sharing calls of
// work. When cpu is set, the CPU time this process spends on the side (the clients
// and, in process, the server) is added to it: on two cores that bounds the rate.
type side struct {
	clients int
	work    func(client, n int) error
	cpu     *time.Duration
}

// rateRounds compares a subject with its baseline, each making perRound calls, in
// alternating order round after round so that drift in the machine's load falls on
// both alike. It returns the per-round rates (calls per second) of each.
func rateRounds(rounds, perRound int, base, subject side) (baseRates, subjRates []float64, err error) {
	for r := range rounds {
		sides := []side{base, subject}
		if r%2 == 1 {
			sides = []side{subject, base}
		}
		var took [2]time.Duration
		for i, sd := range sides {
			cpu := processCPU()
			if took[i], err = runClients(sd.clients, perRound, sd.work); err != nil {
				return nil, nil, err
			}
			if sd.cpu != nil {
				*sd.cpu += processCPU() - cpu
			}
		}
		if r%2 == 1 {
			took[0], took[1] = took[1], took[0]
		}
		baseRates = append(baseRates, float64(perRound)/took[0].Seconds())
		subjRates = append(subjRates, float64(perRound)/took[1].Seconds())
	}
	return baseRates, subjRates, nil
}

// processCPU is the user and system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ratios divides a by b element by element.
func ratios(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] / b[i]
	}
	return out
}
