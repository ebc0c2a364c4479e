package usecase

import "time"

// timeStamp is the one "now" a use case reads at its start and stamps everything with.
type timeStamp = time.Time
