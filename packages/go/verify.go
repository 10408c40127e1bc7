// Package autosanawebhook verifies Autosana's webhook signatures (X-Autosana-Signature-256:
// sha256=<hex>, an HMAC-SHA256 of the raw body) the way the autosana-webhook CLI does, and keeps
// a failed request for `autosana-webhook verify --explain --request FILE`. Standard library only.
package autosanawebhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Header is the header Autosana signs its deliveries in.
const Header = "X-Autosana-Signature-256"

// Reasons, in the same words as the CLI's conformance vectors.
const (
	ReasonOK                 = "ok"
	ReasonMissingSignature   = "missing_signature"
	ReasonMalformedSignature = "malformed_signature"
	ReasonMismatch           = "mismatch"
	ReasonNoSecret           = "no_secret"
	ReasonEmptySecret        = "empty_secret"
	ReasonNoTimestamp        = "no_timestamp"
	ReasonStale              = "stale"
	ReasonFuture             = "future"
)

// Verification is the verdict on one request.
type Verification struct {
	Valid       bool   // the signature matches (and the payload is fresh, when MaxAge was set)
	Reason      string // one of the Reason constants
	SecretIndex int    // which secret matched; -1 unless Valid
	Message     string // one line for a log; never holds a secret
}

// Options are the optional checks: MaxAge > 0 bounds the payload's own timestamp's distance
// from Now (time.Now() when zero), in either direction.
type Options struct {
	MaxAge time.Duration
	Now    time.Time
}

const prefix = "sha256="
const whitespace = " \t\r\n\v\f"

var hex64 = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

func failed(reason, message string) Verification {
	return Verification{Valid: false, Reason: reason, SecretIndex: -1, Message: message}
}

// parseHeader reads a header value as the CLI does: surrounding whitespace, the prefix in any
// case or left out, hex in either case.
func parseHeader(value string) ([]byte, bool) {
	text := strings.Trim(value, whitespace)
	if len(text) >= len(prefix) && strings.EqualFold(text[:len(prefix)], prefix) {
		text = text[len(prefix):]
	}
	if !hex64.MatchString(text) {
		return nil, false
	}
	digest, err := hex.DecodeString(text)
	return digest, err == nil
}

var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

func payloadTime(body []byte) (time.Time, bool) {
	var payload struct {
		Timestamp *string `json:"timestamp"`
	}
	if err := json.Unmarshal(body, &payload); err != nil || payload.Timestamp == nil || !rfc3339.MatchString(*payload.Timestamp) {
		return time.Time{}, false
	}
	when, err := time.Parse(time.RFC3339Nano, strings.ToUpper(*payload.Timestamp))
	return when, err == nil
}

// Verify checks rawBody (the bytes as received, before any JSON decoding) against the header's
// value (nil when the request has none) with each secret (several during a rotation).
func Verify(rawBody []byte, header *string, secrets []string, options Options) Verification {
	if len(secrets) == 0 {
		return failed(ReasonNoSecret, "no secret was given")
	}
	for _, secret := range secrets {
		if secret == "" {
			return failed(ReasonEmptySecret, "a secret is empty")
		}
	}
	if header == nil {
		return failed(ReasonMissingSignature, "no "+Header+" header")
	}
	expected, ok := parseHeader(*header)
	if !ok {
		return failed(ReasonMalformedSignature, "the "+Header+" value is not sha256= and 64 hex digits")
	}
	matched := -1
	for index, secret := range secrets { // every secret: the time says nothing of which matched
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(rawBody)
		if subtle.ConstantTimeCompare(mac.Sum(nil), expected) == 1 && matched < 0 {
			matched = index
		}
	}
	if matched < 0 {
		return failed(ReasonMismatch, fmt.Sprintf("the signature does not match (%d secret(s) tried)", len(secrets)))
	}
	if options.MaxAge <= 0 {
		return Verification{true, ReasonOK, matched, fmt.Sprintf("signature matches (secret %d)", matched)}
	}
	when, ok := payloadTime(rawBody)
	if !ok {
		return failed(ReasonNoTimestamp, "the payload has no timestamp to check its age")
	}
	now := options.Now
	if now.IsZero() {
		now = time.Now()
	}
	age := now.Sub(when)
	if age > options.MaxAge {
		return failed(ReasonStale, fmt.Sprintf("the timestamp is %s old (limit %s)", age.Round(time.Second), options.MaxAge))
	}
	if -age > options.MaxAge {
		return failed(ReasonFuture, fmt.Sprintf("the timestamp is %s in the future (limit %s)", (-age).Round(time.Second), options.MaxAge))
	}
	return Verification{true, ReasonOK, matched, fmt.Sprintf("signature matches (secret %d); %s old", matched, age.Round(time.Second))}
}
