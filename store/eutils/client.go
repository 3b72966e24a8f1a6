// Package eutils searches and fetches PubMed through NCBI E-utilities:
// esearch with the history server, then efetch in batches. It is the only
// part of Follicle that uses the network; it keeps to NCBI's rate limits
// (3 requests a second without an API key, 10 with one) and retries with
// backoff when the server is busy (429) or failing (5xx).
package eutils

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// DefaultBase is NCBI's E-utilities endpoint.
const DefaultBase = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

// MaxBatch is the most records one efetch asks for.
const MaxBatch = 200

// maxBody bounds one response, so a broken server cannot exhaust memory.
const maxBody = 256 << 20

// Client talks to E-utilities.
type Client struct {
	Base       string
	APIKey     string
	HTTP       *http.Client
	MaxRetries int
	// Backoff is the first retry delay; it doubles on every retry.
	Backoff time.Duration

	mu   sync.Mutex
	last time.Time
}

// NewClient returns a client for base (DefaultBase when empty).
func NewClient(base, apiKey string) *Client {
	if base == "" {
		base = DefaultBase
	}
	return &Client{Base: base, APIKey: apiKey, HTTP: &http.Client{Timeout: 60 * time.Second}, MaxRetries: 5, Backoff: time.Second}
}

// interval is the minimum time between two requests.
func (c *Client) interval() time.Duration {
	if c.APIKey != "" {
		return 100 * time.Millisecond
	}
	return 334 * time.Millisecond
}

// Session is a search kept on the history server.
type Session struct {
	Query    string `json:"query"`
	WebEnv   string `json:"webenv"`
	QueryKey string `json:"query_key"`
	Count    int    `json:"count"`
}

// Search runs esearch for query and keeps the result on the history server.
func (c *Client) Search(ctx context.Context, query string) (Session, error) {
	v := url.Values{"db": {"pubmed"}, "term": {query}, "usehistory": {"y"}, "retmax": {"0"}, "retmode": {"json"}}
	body, err := c.get(ctx, "esearch.fcgi", v)
	if err != nil {
		return Session{}, err
	}
	var r struct {
		Result struct {
			Count    string `json:"count"`
			WebEnv   string `json:"webenv"`
			QueryKey string `json:"querykey"`
			Error    string `json:"ERROR"`
		} `json:"esearchresult"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return Session{}, fmt.Errorf("esearch: unexpected answer: %w", err)
	}
	if r.Result.Error != "" {
		return Session{}, fmt.Errorf("esearch: %s", r.Result.Error)
	}
	n, err := strconv.Atoi(r.Result.Count)
	if err != nil || r.Result.WebEnv == "" || r.Result.QueryKey == "" {
		return Session{}, errors.New("esearch: answer lacks count, WebEnv or query key")
	}
	return Session{Query: query, WebEnv: r.Result.WebEnv, QueryKey: r.Result.QueryKey, Count: n}, nil
}

// Fetch returns PubMed XML for records [start, start+n) of a session.
func (c *Client) Fetch(ctx context.Context, s Session, start, n int) ([]byte, error) {
	v := url.Values{"db": {"pubmed"}, "query_key": {s.QueryKey}, "WebEnv": {s.WebEnv},
		"retstart": {strconv.Itoa(start)}, "retmax": {strconv.Itoa(min(n, MaxBatch))}, "retmode": {"xml"}}
	return c.get(ctx, "efetch.fcgi", v)
}

// get performs one request with rate limiting and retries.
func (c *Client) get(ctx context.Context, endpoint string, v url.Values) ([]byte, error) {
	if c.APIKey != "" {
		v.Set("api_key", c.APIKey)
	}
	u := c.Base + endpoint + "?" + v.Encode()
	delay := c.Backoff
	var lastErr error
	for attempt := 0; attempt <= c.MaxRetries; attempt++ {
		if attempt > 0 {
			if err := sleep(ctx, delay); err != nil {
				return nil, err
			}
			delay *= 2
		}
		if err := c.wait(ctx); err != nil {
			return nil, err
		}
		body, retry, err := c.once(ctx, u)
		if err == nil {
			return body, nil
		}
		lastErr = err
		if !retry {
			break
		}
	}
	return nil, fmt.Errorf("%s: %w", endpoint, lastErr)
}

// once performs one HTTP request and says whether a failure is worth a retry.
func (c *Client) once(ctx context.Context, u string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		// A refused or unresolvable connection will not heal in seconds;
		// a dropped or timed-out one may.
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return nil, false, err
		}
		return nil, ctx.Err() == nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, true, fmt.Errorf("read answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return body, false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, true, fmt.Errorf("server answered %s", resp.Status)
	default:
		return nil, false, fmt.Errorf("server answered %s", resp.Status)
	}
}

// wait keeps requests at least interval apart.
func (c *Client) wait(ctx context.Context) error {
	c.mu.Lock()
	next := c.last.Add(c.interval())
	now := time.Now()
	if next.Before(now) {
		next = now
	}
	c.last = next
	c.mu.Unlock()
	return sleep(ctx, time.Until(next))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
