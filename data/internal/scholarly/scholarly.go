// Package scholarly is the allow-list of hosts a bundled record may link to
// or cite as provenance: NLM's PubMed and PubMed Central, doi.org, Europe
// PMC, trial registries, and the publishers', journals' and societies' own
// sites the corpus was verified on. Mirrors on raw IP addresses,
// redirectors, scraper and aggregator sites, copies of paywalled articles
// and staging hosts are not on it, so a test can refuse them.
package scholarly

import (
	"net/url"
	"strings"
)

// Hosts are the allowed hosts, by kind, with what such a page shows.
var Hosts = map[string]Kind{
	"pubmed.ncbi.nlm.nih.gov": PubMed, "www.ncbi.nlm.nih.gov": PubMed, "pubmed.gov": PubMed, "www.pubmed.gov": PubMed,
	"pubmedhh.nlm.nih.gov": PubMed,
	"pmc.ncbi.nlm.nih.gov": PMC, "europepmc.org": PMC,
	"doi.org":            DOI,
	"clinicaltrials.gov": Registry, "www.clinicaltrials.gov": Registry, "www.isrctn.com": Registry,
	"www.bad.org.uk": Society, "www.aad.org": Society,
	// The authors' universities' research portals.
	"research.birmingham.ac.uk": Repository,
	// Publishers and journals.
	"jamanetwork.com": Publisher, "archderm.jamanetwork.com": Publisher, "onlinelibrary.wiley.com": Publisher,
	"link.springer.com": Publisher, "www.springermedizin.de": Publisher, "springermedizin.de": Publisher,
	"www.springermedicine.com": Publisher, "www.springermedizin.at": Publisher, "www.karger.com": Publisher,
	"karger.com": Publisher, "www.dovepress.com": Publisher, "frontiersin.org": Publisher, "www.frontiersin.org": Publisher,
	"medicaljournals.se": Publisher, "medicaljournalssweden.se": Publisher, "www.bmj.com": Publisher, "ejhp.bmj.com": Publisher,
	"linkinghub.elsevier.com": Publisher, "www.sciencedirect.com": Publisher, "www.jaad.org": Publisher,
	"www.thelancet.com": Publisher, "lupus.bmj.com": Publisher, "www.nejm.org": Publisher, "www.nature.com": Publisher, "academic.oup.com": Publisher,
	"www.tandfonline.com": Publisher, "informahealthcare.com": Publisher, "journals.plos.org": Publisher,
	"actasdermo.org": Publisher, "www.em-consulte.com": Publisher, "em-consulte.com": Publisher, "www.hindawi.com": Publisher,
	"derma.jmir.org": Publisher, "www.termedia.pl": Publisher, "termedia.pl": Publisher, "www.ijdvl.com": Publisher,
	"ijdvl.com": Publisher, "www.ijtrichology.com": Publisher, "ijtrichology.com": Publisher, "jcadonline.com": Publisher,
	"jddonline.com": Publisher, "www.cfp.ca": Publisher, "aafp.org": Publisher, "www.aafp.org": Publisher,
	"www.koreamed.org": Publisher, "koreamed.org": Publisher, "www.scielo.br": Publisher, "publications.aap.org": Publisher,
	"ajp.psychiatryonline.org": Publisher, "www.psychiatrist.com": Publisher, "www.jcasonline.com": Publisher,
	"www.apjon.org": Publisher, "www.cochranelibrary.com": Publisher, "cochranelibrary.com": Publisher,
	"ijms.sums.ac.ir": Publisher, "www.edizioniscriptamanent.it": Publisher, "insight.jci.org": Publisher,
	"www.jidonline.org": Publisher, "www.mdpi.com": Publisher, "www.cureus.com": Publisher,
	"journals.lww.com": Publisher, "www.jstage.jst.go.jp": Publisher, "synapse.koreamed.org": Publisher,
	"www.biomedcentral.com": Publisher, "www.jle.com": Publisher, "www.e-ijd.org": Publisher,
	"journals.sagepub.com": Publisher, "www.jacionline.org": Publisher, "www.jamanetwork.com": Publisher,
}

// Kind is what sort of page a host serves.
type Kind string

// The kinds of trustworthy page.
const (
	PubMed     Kind = "PubMed record"
	PMC        Kind = "PubMed Central article"
	DOI        Kind = "doi.org resolver"
	Registry   Kind = "trial registry"
	Society    Kind = "society guideline site"
	Publisher  Kind = "publisher's or journal's page"
	Repository Kind = "university research portal"
)

// Host is a URL's lower-case host without port or trailing dot.
func Host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// Allowed reports whether raw is an https address on an allowed host.
func Allowed(raw string) bool {
	_, ok := Hosts[Host(raw)]
	return ok && strings.HasPrefix(raw, "https://")
}

// Canonical rewrites an allowed address to its usual form: https, and
// doi.org for dx.doi.org and www.doi.org. Other addresses come back as they
// are.
func Canonical(raw string) string {
	switch h := Host(raw); {
	case h == "dx.doi.org" || h == "www.doi.org":
		u, _ := url.Parse(raw)
		return "https://doi.org" + u.EscapedPath()
	case Hosts[h] != "" && strings.HasPrefix(raw, "http://"):
		return "https://" + strings.TrimPrefix(raw, "http://")
	}
	return raw
}
