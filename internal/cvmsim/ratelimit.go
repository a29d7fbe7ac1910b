package cvmsim

import "time"

// actionRate is the documented requests per second per account for an action key "svc.Action"
// (DESIGN.md, "API facts"): DescribeImages 40, CreateImage and SyncImages 10, other writes 10, other reads 20.
func actionRate(key string) int {
	switch key {
	case "cvm.DescribeImages":
		return 40
	case "cvm.CreateImage", "cvm.SyncImages":
		return 10
	}
	if a, ok := lookupAction(key); ok && a.write {
		return 10
	}
	return 20
}

// rateWindows counts requests per account, action and second of the emulator's clock.
type rateWindows struct {
	second int64
	counts map[string]int
}

func (rw *rateWindows) allow(acct, key string, now time.Time) bool {
	if sec := now.Unix(); sec != rw.second || rw.counts == nil {
		rw.second, rw.counts = sec, map[string]int{}
	}
	k := acct + "|" + key
	if rw.counts[k] >= actionRate(key) {
		return false
	}
	rw.counts[k]++
	return true
}
