package bootstrap

import (
	"encoding/json"
	"strings"
	"testing"
)

// The MySQL driver's own messages become lines of the service's JSON log.
func TestDriverMessagesAreLogLines(t *testing.T) {
	log, buf := testLogger()
	storeKinds["mysql"].logDriver(log)
	driverLog{log}.Print("closing bad idle connection: ", "EOF")
	line := strings.TrimSpace(buf.String())
	var v map[string]any
	if err := json.Unmarshal([]byte(line), &v); err != nil {
		t.Fatalf("not a JSON line: %q", line)
	}
	if v["component"] != "mysql-driver" || v["level"] != "warning" || v["msg"] != "closing bad idle connection: EOF" {
		t.Fatalf("line %v", v)
	}
}
