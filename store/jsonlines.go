package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// maxJSONLine bounds one JSON Lines record, so a corrupt file without line
// breaks fails with a clear error instead of exhausting memory.
const maxJSONLine = 16 << 20

// decodeJSONLines decodes one value per non-blank line of r into fresh T values
// and hands each to add. Errors name the file and the line.
func decodeJSONLines[T any](r io.Reader, name string, add func(T, int) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLine)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var v T
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if err := add(v, line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: line %d: %w", name, line+1, err)
	}
	return nil
}
