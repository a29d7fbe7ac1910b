package bench

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
)

// A row of the closing table: one performance target and what this run measured against it.
type row struct {
	target   string
	measured string
	ratio    string
	pass     bool
	note     string // the cause of a miss, or how the number was obtained
}

var (
	rowsMu sync.Mutex
	rows   []row
	// rowIndex keeps one row per target: a benchmark may be called more than once by the testing
	// package, and the last call is the one that ran the full -benchtime.
	rowIndex = map[string]int{}
)

func record(r row) {
	rowsMu.Lock()
	defer rowsMu.Unlock()
	if i, ok := rowIndex[r.target]; ok {
		rows[i] = r
		return
	}
	rowIndex[r.target] = len(rows)
	rows = append(rows, r)
}

func TestMain(m *testing.M) {
	code := m.Run()
	cleanupFixtures()
	printTable()
	os.Exit(code)
}

func printTable() {
	rowsMu.Lock()
	defer rowsMu.Unlock()
	if len(rows) == 0 {
		return
	}
	fmt.Println()
	fmt.Println("Performance targets")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tMEASURED\tRATIO\tRESULT")
	for _, r := range rows {
		verdict := "PASS"
		if !r.pass {
			verdict = "MISS"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.target, r.measured, r.ratio, verdict)
	}
	tw.Flush()
	var notes []string
	for _, r := range rows {
		if r.note != "" {
			notes = append(notes, fmt.Sprintf("- %s: %s", r.target, r.note))
		}
	}
	if len(notes) > 0 {
		fmt.Println()
		fmt.Println(strings.Join(notes, "\n"))
	}
}
