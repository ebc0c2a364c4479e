package bootstrap

import (
	"fmt"
	"io"
	"strings"
	"time"

	"harriet/core/usecase"
)

// copyRedraw is how often the bar is redrawn on a terminal; copyBarWidth its width.
const (
	copyRedraw   = 100 * time.Millisecond
	copyBarWidth = 30
)

// copyProgress shows a store copy's progress: on a terminal one bar per aggregate,
// redrawn in place; otherwise (a log file, a pipe) a line at every tenth of the
// aggregate and one when it is done, so logs stay short.
type copyProgress struct {
	w       io.Writer
	tty     bool
	cur     usecase.CopyProgress
	started bool
	shown   int // terminal: Done last drawn; otherwise: tenths last printed
	drawnAt time.Time
}

func newCopyProgress(w io.Writer, tty bool) *copyProgress {
	return &copyProgress{w: w, tty: tty}
}

// update takes the use case's report.
func (p *copyProgress) update(r usecase.CopyProgress) {
	if p.started && r.Aggregate != p.cur.Aggregate {
		p.finish()
	}
	if !p.started {
		p.started, p.shown, p.drawnAt = true, -1, time.Time{}
	}
	p.cur = r
	if p.tty {
		if time.Since(p.drawnAt) >= copyRedraw || r.Done >= r.Total {
			p.draw()
		}
		return
	}
	if t := tenths(r); t > p.shown {
		p.shown = t
		fmt.Fprintln(p.w, p.line())
	}
}

// finish shows the current aggregate's final state and ends its line.
func (p *copyProgress) finish() {
	if !p.started {
		return
	}
	switch {
	case p.tty:
		p.draw()
		fmt.Fprintln(p.w)
	case p.shown < 10 || p.cur.Done != p.cur.Total:
		fmt.Fprintln(p.w, p.line())
	}
	p.started = false
}

func (p *copyProgress) draw() {
	filled := scaled(p.cur, copyBarWidth)
	bar := strings.Repeat("#", filled) + strings.Repeat(".", copyBarWidth-filled)
	fmt.Fprintf(p.w, "\r  %-14s [%s] %s", p.cur.Aggregate, bar, p.counts())
	p.shown, p.drawnAt = p.cur.Done, time.Now()
}

func (p *copyProgress) line() string {
	return fmt.Sprintf("copying %s: %s", p.cur.Aggregate, p.counts())
}

func (p *copyProgress) counts() string {
	return fmt.Sprintf("%d/%d (%d%%)", p.cur.Done, p.cur.Total, scaled(p.cur, 100))
}

// tenths is how many tenths of the aggregate are done, 0 to 10.
func tenths(r usecase.CopyProgress) int { return scaled(r, 10) }

// scaled scales Done/Total to 0..n; an empty aggregate is complete.
func scaled(r usecase.CopyProgress, n int) int {
	if r.Total <= 0 {
		return n
	}
	return min(n, r.Done*n/r.Total)
}
