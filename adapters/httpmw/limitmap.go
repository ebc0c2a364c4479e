package httpmw

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// defaultMaxKeys bounds how many clients or companies a limiter remembers, so a
// flood of new addresses cannot grow memory without end.
const defaultMaxKeys = 65536

// limiterMap keeps one token bucket per key, bounded in size. A full bucket holds
// no state worth keeping, so those are dropped first when the map is full.
type limiterMap struct {
	mu    sync.Mutex
	m     map[string]*rate.Limiter
	max   int
	limit rate.Limit
	burst int
}

func newLimiterMap(limit rate.Limit, burst, max int) *limiterMap {
	return &limiterMap{m: map[string]*rate.Limiter{}, max: max, limit: limit, burst: burst}
}

// peek returns the key's bucket without making one.
func (lm *limiterMap) peek(key string) *rate.Limiter {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	return lm.m[key]
}

// get returns the key's bucket, making it when absent.
func (lm *limiterMap) get(key string, now time.Time) *rate.Limiter {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	if l, ok := lm.m[key]; ok {
		return l
	}
	if len(lm.m) >= lm.max {
		lm.evict(now)
	}
	l := rate.NewLimiter(lm.limit, lm.burst)
	lm.m[key] = l
	return l
}

// evict drops full buckets; when none is full, it drops a tenth of the map at
// random (map order), which forgets some clients' counts but keeps memory bounded.
func (lm *limiterMap) evict(now time.Time) {
	for k, l := range lm.m {
		if l.TokensAt(now) >= float64(lm.burst) {
			delete(lm.m, k)
		}
	}
	for k := range lm.m {
		if len(lm.m) < lm.max-lm.max/10 {
			break
		}
		delete(lm.m, k)
	}
}

func (lm *limiterMap) len() int {
	lm.mu.Lock()
	defer lm.mu.Unlock()
	return len(lm.m)
}

// waitFor returns how long until l has one token.
func waitFor(l *rate.Limiter, now time.Time) time.Duration {
	missing := 1 - l.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(missing / float64(l.Limit()) * float64(time.Second))
}
