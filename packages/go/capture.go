package autosanawebhook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// HeaderField is one header as received, in order.
type HeaderField struct{ Name, Value string }

// FormatRequest writes a request as `autosana-webhook listen --save` does: request line, fields
// in order, a blank line, the body.
func FormatRequest(method, target string, headers []HeaderField, body []byte) []byte {
	var out bytes.Buffer
	fmt.Fprintf(&out, "%s %s HTTP/1.1\r\n", method, target)
	for _, field := range headers {
		fmt.Fprintf(&out, "%s: %s\r\n", field.Name, field.Value)
	}
	out.WriteString("\r\n")
	out.Write(body)
	return out.Bytes()
}

// CaptureOptions bound what Capture keeps: at most MaxFiles files (100 when zero; the oldest
// go), none over MaxBytes (10 MiB when zero). Logf defaults to log.Printf.
type CaptureOptions struct {
	MaxFiles int
	MaxBytes int
	Logf     func(format string, args ...any)
}

var captured atomic.Int64 // in the file names: captures of one millisecond still sort in order

// Capture keeps a failed request for `autosana-webhook verify --explain --request FILE` (opt-in:
// call it when Verify fails, with the body you verified), mode 600, and logs the file and the
// command. It returns the path, or "" when the request was too large.
func Capture(directory, method, target string, headers []HeaderField, body []byte, options CaptureOptions) (string, error) {
	if options.MaxFiles <= 0 {
		options.MaxFiles = 100
	}
	if options.MaxBytes <= 0 {
		options.MaxBytes = 10 << 20
	}
	if options.Logf == nil {
		options.Logf = log.Printf
	}
	raw := FormatRequest(method, target, headers, body)
	if len(raw) > options.MaxBytes {
		options.Logf("autosana-webhook: a failed request of %d bytes was not captured (limit %d)", len(raw), options.MaxBytes)
		return "", nil
	}
	if err := os.MkdirAll(directory, 0o700); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(directory)
	if err != nil {
		return "", err
	}
	var kept []string
	for _, entry := range entries {
		if strings.HasSuffix(entry.Name(), "-failed.http") {
			kept = append(kept, entry.Name())
		}
	}
	sort.Strings(kept)
	for i := 0; i < len(kept)-options.MaxFiles+1; i++ {
		os.Remove(filepath.Join(directory, kept[i]))
	}
	random := make([]byte, 3)
	rand.Read(random)
	stamp := strings.NewReplacer("-", "", ":", "").Replace(time.Now().UTC().Format("2006-01-02T15:04:05.000Z"))
	path := filepath.Join(directory, fmt.Sprintf("%s-%06d-%s-failed.http", stamp, captured.Add(1), hex.EncodeToString(random)))
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := file.Write(raw); err != nil {
		file.Close()
		return "", err
	}
	if err := file.Close(); err != nil {
		return "", err
	}
	options.Logf("autosana-webhook: captured the failed request in %s; run: autosana-webhook verify --explain --request %s", path, path)
	return path, nil
}
