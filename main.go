// Command follicle explores biomedical literature on hair-loss disorders
// offline: a terminal UI with linked panes for conditions, drugs and papers
// over a local Bleve index, plus command-line search, import, export and an
// SSH server for a study group. It only wires: the command line is package
// cli.
package main

import (
	"os"

	"github.com/follicle/follicle/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:]))
}
