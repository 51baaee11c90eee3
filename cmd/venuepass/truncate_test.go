package main

import (
	"database/sql"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// logTruncate deletes the records after SEQ and the checkpoints over them,
// the no-delete triggers dropped first, as someone with write access to the
// file could: logtruncate LOG SEQ.
func logTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: logtruncate LOG SEQ")
	}
	seq, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	db, err := sql.Open("sqlite", ts.MkAbs(args[0]))
	ts.Check(err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{"DROP TRIGGER IF EXISTS records_no_delete", "DROP TRIGGER IF EXISTS checkpoints_no_delete",
		"DELETE FROM records WHERE seq > ?", "DELETE FROM checkpoints WHERE head_seq > ?"} {
		var err error
		if q[0] == 'D' && q[1] == 'E' {
			_, err = db.Exec(q, seq)
		} else {
			_, err = db.Exec(q)
		}
		ts.Check(err)
	}
}
