package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"harriet/core"
)

// maxBodyBytes bounds an admin API request body; anything larger is 413.
const maxBodyBytes = 64 << 10

// decodeJSON reads one JSON object from the body into dst. Unknown keys are refused
// (naming the key) so a typo never silently changes nothing; a body over maxBodyBytes
// is TooLarge; anything malformed is Invalid with what is wrong and where.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return core.E(core.TooLarge, "The request body is larger than %d KiB.", maxBodyBytes>>10)
	}
	if err != nil {
		return core.Wrap(core.Invalid, err, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return core.E(core.Invalid, "The request body is empty; send a JSON object.")
	}
	if i := core.InvalidUTF8At(body); i >= 0 {
		return core.E(core.Invalid, "The request body is not valid UTF-8 (byte %d); send the JSON as UTF-8 text.", i)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, body)
	}
	if dec.More() {
		return core.E(core.Invalid, "The request body has data after the JSON object; send exactly one object.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return core.E(core.Invalid, "The request body has data after the JSON object; send exactly one object.")
	}
	return nil
}

// decodeError turns encoding/json's errors into messages an admin can act on.
func decodeError(err error, body []byte) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return core.E(core.Invalid, "The request body is not valid JSON: %s (line %d, column %d).", syn.Error(), line, col)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return core.E(core.Invalid, "The request body must be a JSON object, not %s.", typ.Value)
		}
		return core.InvalidField(field, "%q must be %s, not %s.", field, jsonKind(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return core.E(core.Invalid, "The request body is not valid JSON: it ends too early.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		key := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return core.InvalidField(key, "Unknown key %q in the request body; check its spelling.", key)
	}
	return core.Wrap(core.Invalid, err, "The request body is not valid JSON: %s.", err.Error())
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a number"
}

// position turns a byte offset into a 1-based line and column.
func position(body []byte, offset int64) (int, int) {
	if offset > int64(len(body)) {
		offset = int64(len(body))
	}
	before := body[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
