package store

import (
	"encoding/binary"
	"errors"
)

// A compact binary form of a Paper for the shelf. Why not JSON: every
// search decodes its page of papers from the shelf, and JSON took about
// 10 µs a paper, half a millisecond a page; this form decodes in a
// fraction of that because the record becomes one string that every field
// slices. Fields are written in a fixed order after a version byte;
// strings and lists are length-prefixed (uvarint).

// paperCodecVersion 3 has the PMCID after the origin (the digest's source
// list left the record) and the link facts (tagged, annotated, indexed IDs)
// and mentions after the abstract. The shelf is derived data: a shelf of an
// older version is not read but rebuilt (index.MappingVersion moved with it).
const paperCodecVersion = 3

var errBadRecord = errors.New("bad paper record")

// appendPaper appends p's binary form to b.
func appendPaper(b []byte, p *Paper) []byte {
	b = append(b, paperCodecVersion)
	for _, s := range []string{p.PMID, p.DOI, p.Title, p.Journal, p.Month, p.Volume, p.Issue, p.Pages,
		p.Language, p.Digest, p.Origin, p.PMCID} {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, int64(p.Year))
	etAl := byte(0)
	if p.EtAl {
		etAl = 1
	}
	b = append(b, etAl)
	for _, list := range [][]string{p.Authors, p.PubTypes, p.MeSH, p.Keywords, p.Conditions, p.Drugs} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = appendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.Abstract)))
	for _, s := range p.Abstract {
		b = appendString(b, s.Label)
		b = appendString(b, s.Text)
	}
	return appendLinks(b, p)
}

// appendLinks appends the link facts: flags, indexed IDs, mentions.
func appendLinks(b []byte, p *Paper) []byte {
	flags := byte(0)
	if p.Tagged {
		flags |= 1
	}
	if p.Annotated {
		flags |= 2
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(p.Indexed)))
	for _, s := range p.Indexed {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(p.Mentions)))
	for _, m := range p.Mentions {
		b = appendString(b, m.ID)
		b = binary.AppendUvarint(b, uint64(m.Start))
		b = binary.AppendUvarint(b, uint64(m.End))
	}
	return b
}

// decodeLinks reads what appendLinks wrote.
func (d *paperDecoder) decodeLinks(p *Paper) {
	flags := d.byte()
	if flags > 3 {
		d.bad = true
	}
	p.Tagged, p.Annotated = flags&1 != 0, flags&2 != 0
	p.Indexed = d.strings()
	if n := d.count(3); n > 0 {
		p.Mentions = make([]Mention, n)
		for i := range p.Mentions {
			m := Mention{ID: d.string(), Start: int(d.uvarint()), End: int(d.uvarint())}
			if m.Start < 0 || m.End < m.Start {
				d.bad = true
			}
			p.Mentions[i] = m
		}
	}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decodePaper reads a record written by appendPaper.
func decodePaper(rec []byte) (*Paper, error) {
	d := paperDecoder{s: string(rec)}
	version := d.byte()
	if version != paperCodecVersion {
		return nil, errBadRecord
	}
	p := new(Paper)
	for _, f := range []*string{&p.PMID, &p.DOI, &p.Title, &p.Journal, &p.Month, &p.Volume, &p.Issue, &p.Pages,
		&p.Language, &p.Digest, &p.Origin, &p.PMCID} {
		*f = d.string()
	}
	p.Year = int(d.varint())
	switch d.byte() {
	case 0:
	case 1:
		p.EtAl = true
	default:
		d.bad = true
	}
	for _, f := range []*[]string{&p.Authors, &p.PubTypes, &p.MeSH, &p.Keywords, &p.Conditions, &p.Drugs} {
		*f = d.strings()
	}
	if n := d.count(2); n > 0 {
		p.Abstract = make([]Section, n)
		for i := range p.Abstract {
			p.Abstract[i] = Section{Label: d.string(), Text: d.string()}
		}
	}
	d.decodeLinks(p)
	if d.bad || d.i != len(d.s) {
		return nil, errBadRecord
	}
	return p, nil
}

// paperDecoder reads fields from one record, marking it bad instead of
// panicking on a short or garbled record.
type paperDecoder struct {
	s   string
	i   int
	bad bool
}

func (d *paperDecoder) byte() byte {
	if d.bad || d.i >= len(d.s) {
		d.bad = true
		return 0
	}
	d.i++
	return d.s[d.i-1]
}

func (d *paperDecoder) uvarint() uint64 {
	if d.bad {
		return 0
	}
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.i >= len(d.s) {
			break
		}
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if (c == 0 && shift > 0) || (shift == 63 && c > 1) {
				break // not the shortest form, or past 64 bits: garbled
			}
			return v
		}
	}
	d.bad = true
	return 0
}

func (d *paperDecoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a list length, refusing one that cannot fit in the rest of
// the record (each element takes at least min bytes).
func (d *paperDecoder) count(min int) int {
	n := d.uvarint()
	if d.bad || n > uint64((len(d.s)-d.i)/min) {
		d.bad = true
		return 0
	}
	return int(n)
}

func (d *paperDecoder) string() string {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.s)-d.i) {
		d.bad = true
		return ""
	}
	d.i += int(n)
	return d.s[d.i-int(n) : d.i]
}

func (d *paperDecoder) strings() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.string()
	}
	return out
}
