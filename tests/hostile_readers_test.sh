#!/usr/bin/env bash
# The readers (history files, trace files, results.json, reports, scenarios) on hostile
# input: never a crash, never a false verdict, always the exit code README documents.
#   tests/hostile_readers_test.sh path/to/faultline
# Big and deep inputs are generated here, never committed.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
expect_err() { # description, fixed string stderr must contain
  grep -qF -- "$2" "$tmp/err" && ok || { bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$tmp/err" | head -3; }
}
expect_out() { # description, fixed string stdout must contain
  grep -qF -- "$2" "$tmp/out" && ok || { bad "$1: stdout lacks '$2'"; sed 's/^/  | /' "$tmp/out" | head -3; }
}
py() { python3 -c "$@"; }

inv='{"time":1,"process":0,"type":"invoke","f":"write","key":"k","value":1}'
okw='{"time":2,"process":0,"type":"ok","f":"write","key":"k","value":1}'

# --- Class 1: nesting deep enough to overflow a recursive parser or printer. ---------------
py "print('$inv'); print('{\"time\":2,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k\",\"value\":' + '['*70000 + ']'*70000 + '}')" >"$tmp/deep.jsonl"
expect_exit 65 "history value nested 70000 deep" "$bin" check "$tmp/deep.jsonl" --model kv
expect_err "deep history names file:line" "$tmp/deep.jsonl:2: expected JSON nested at most 128 levels deep"
# Brackets inside a string are text, not nesting.
py "print('{\"time\":1,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k\",\"value\":\"' + '['*70000 + '\"}')" >"$tmp/brackets.jsonl"
expect_exit 0 "70000 brackets inside a string" "$bin" check "$tmp/brackets.jsonl" --model kv

"$bin" run scenarios/quickstart.yaml --seed 3 --out "$tmp/run" --quiet >/dev/null 2>&1
[ -s "$tmp/run/trace.jsonl" ] && ok || bad "quickstart run wrote no trace"
head -3 "$tmp/run/trace.jsonl" >"$tmp/deeptrace.jsonl"
py "print('{\"i\":999999,\"t\":999999999999,\"type\":\"send\",\"from\":\"n1\",\"to\":\"n2\",\"msg\":1,\"kind\":\"x\",\"body\":' + '{\"a\":'*70000 + '1' + '}'*70000 + '}')" >>"$tmp/deeptrace.jsonl"
expect_exit 65 "trace body nested 70000 deep" "$bin" viz "$tmp/deeptrace.jsonl" --format dot
expect_err "deep trace names file:line" "$tmp/deeptrace.jsonl:4: expected JSON nested at most 128 levels deep"

cp -r "$tmp/run" "$tmp/deeprun"
py "print('{\"seed\": 3, \"x\": ' + '['*70000 + ']'*70000 + '}')" >"$tmp/deeprun/results.json"
expect_exit 65 "results.json nested 70000 deep (replay)" "$bin" replay "$tmp/deeprun"
expect_err "deep results.json names the file" "$tmp/deeprun/results.json:1: expected JSON nested"
expect_exit 65 "results.json nested 70000 deep (viz --around-violation)" "$bin" viz --around-violation "$tmp/deeprun" --format dot
expect_err "deep report names the file" "results.json:1: expected JSON nested"

# Scenarios and --set values: flow nesting past 64 levels is refused with its position
# (yaml-cpp's own guard would stop at 500 with "bad file").
py "print('name: x\nseed: ' + '['*70000 + ']'*70000)" >"$tmp/deep.yaml"
expect_exit 65 "scenario nested 70000 deep" "$bin" run "$tmp/deep.yaml" --out "$tmp/o"
expect_err "deep scenario names line:column and the limit" "deep.yaml:2:71: [ and { nested more than 64 levels deep"
expect_exit 65 "--set value nested 60000 deep" "$bin" run scenarios/quickstart.yaml --out "$tmp/o" \
  --set "cluster.params=$(py "print('['*60000 + ']'*60000)")"
expect_err "deep --set value names the limit" "the value nests [ and { more than 64 levels deep"
[ "$(wc -c <"$tmp/err")" -lt 1000 ] && ok || bad "a deep --set value is echoed in full"
# Brackets in quotes and comments are text; a scenario may hold many.
{ printf '# %s\n' "$(py "print('['*100)")"; sed "s/^description: .*/description: 'don''t [$(py "print('['*100)")'/" scenarios/quickstart.yaml; } >"$tmp/quoted.yaml"
expect_exit 0 "brackets in a quoted description and a comment" "$bin" run "$tmp/quoted.yaml" --out "$tmp/q" --quiet

# --- Class 2: an op the spec does not know is bad input, not a violation. ----------------
printf '%s\n%s\n' '{"time":1,"process":0,"type":"invoke","f":"frobnicate","key":"k","value":1}' \
  '{"time":2,"process":0,"type":"ok","f":"frobnicate","key":"k","value":1}' >"$tmp/frob.jsonl"
expect_exit 65 "op frobnicate checked as kv" "$bin" check "$tmp/frob.jsonl" --model kv
expect_err "unknown op named with its line" "frob.jsonl:1: spec kv has no op 'frobnicate'; it knows read, write, cas, get, put, append"
printf '%s\n%s\n' '{"time":1,"process":0,"type":"invoke","f":"wirte","key":"k","value":1}' \
  '{"time":2,"process":0,"type":"ok","f":"wirte","key":"k","value":1}' >"$tmp/typo.jsonl"
expect_exit 65 "op wirte checked as register" "$bin" check "$tmp/typo.jsonl" --model register
expect_err "a misspelt op gets a suggestion" "did you mean 'write'?"
cat >"$tmp/etcd.log" <<'EOF'
INFO  jepsen.util - 0	:invoke	:write	1
INFO  jepsen.util - 0	:ok	:write	1
INFO  jepsen.util - 1	:invoke	:read	nil
INFO  jepsen.util - 1	:ok	:read	1
INFO  jepsen.util - 2	:invoke	:cas	[3 2]
INFO  jepsen.util - 2	:fail	:cas	[3 2]
EOF
expect_exit 0 "etcd log as register" "$bin" check "$tmp/etcd.log" --model register
# Porcupine's semantics (the etcd default): a failed cas found another value, so a cas
# from 1 failing while the register holds 1 is a violation; Knossos' ignores it.
sed 's/\[3 2\]/[1 2]/' "$tmp/etcd.log" >"$tmp/etcd-cas.log"
expect_exit 1 "etcd log whose cas fails on the current value" "$bin" check "$tmp/etcd-cas.log" --model register
expect_out "the failed cas is the stuck op" "(process 2) cas 1 2 -> compare failed"
expect_exit 0 "the same with --semantics knossos" "$bin" check "$tmp/etcd-cas.log" --model register --semantics knossos
for m in queue counter mutex set; do
  expect_exit 65 "etcd register log checked as $m" "$bin" check "$tmp/etcd.log" --model "$m"
  expect_err "etcd log as $m says which specs know the op" "spec $m has no op"
done
expect_err "the specs that know write are listed" "specs that know 'write': kv, register"
printf '%s\n%s\n' '{"time":1,"process":0,"type":"invoke","f":"add","key":"c","value":"x"}' \
  '{"time":2,"process":0,"type":"ok","f":"add","key":"c","value":"x"}' >"$tmp/addstr.jsonl"
expect_exit 65 "counter add of a string" "$bin" check "$tmp/addstr.jsonl" --model counter
expect_err "counter add of a string says what it needs" "add needs an integer to add"
expect_exit 65 "set add of a string" "$bin" check "$tmp/addstr.jsonl" --model set
printf '%s\n%s\n' '{"time":1,"process":0,"type":"invoke","f":"read","key":"s","value":null}' \
  '{"time":2,"process":0,"type":"ok","f":"read","key":"s","value":null}' >"$tmp/readnil.jsonl"
expect_exit 65 "set read of nil" "$bin" check "$tmp/readnil.jsonl" --model set
expect_exit 0 "register read of nil" "$bin" check "$tmp/readnil.jsonl" --model register

# An empty history is trivially linearizable, and says so.
: >"$tmp/empty.jsonl"
expect_exit 0 "empty history" "$bin" check "$tmp/empty.jsonl" --model kv
expect_out "empty history says 0 operations" "0 operations"
printf '\n  \n\r\n' >"$tmp/blank.jsonl"
expect_exit 0 "blank-lines history" "$bin" check "$tmp/blank.jsonl" --model register
expect_out "blank history says 0 operations" "(trivially: 0 operations)"

# --- Class 10 (readers): byte order marks, run directories, trace hashes. ----------------
printf '\xef\xbb\xbf%s\n%s\n' "$inv" "$okw" >"$tmp/bom.jsonl"
expect_exit 0 "history with a UTF-8 BOM" "$bin" check "$tmp/bom.jsonl" --model kv
printf '\xef\xbb\xbf' >"$tmp/bom.log"; cat "$tmp/etcd.log" >>"$tmp/bom.log"
expect_exit 0 "etcd log with a UTF-8 BOM" "$bin" check "$tmp/bom.log" --model register
printf '\xef\xbb\xbf{:process 0, :type :invoke, :f :put, :key "1", :value "x"}\n{:process 0, :type :ok, :f :put, :key "1", :value "x"}\n' >"$tmp/bom.edn"
expect_exit 0 "porcupine kv with a UTF-8 BOM" "$bin" check "$tmp/bom.edn" --model kv
{ printf '\xef\xbb\xbf'; head -20 "$tmp/run/trace.jsonl"; } >"$tmp/bomtrace.jsonl"
expect_exit 0 "trace with a UTF-8 BOM" "$bin" viz "$tmp/bomtrace.jsonl" --format dot
cp -r "$tmp/run" "$tmp/bomrun"
{ printf '\xef\xbb\xbf'; cat "$tmp/run/results.json"; } >"$tmp/bomrun/results.json"
expect_exit 0 "replay of a results.json with a UTF-8 BOM" "$bin" replay "$tmp/bomrun"

for h in zzzzzzzzzzzzzzzz 0123 0123456789abcdef00 0123456789ABCDEF ""; do
  cp -r "$tmp/run" "$tmp/hash"
  sed -i "s/\"trace_hash\": \"[0-9a-f]*\"/\"trace_hash\": \"$h\"/" "$tmp/hash/results.json"
  expect_exit 65 "replay with trace_hash '$h'" "$bin" replay "$tmp/hash"
  expect_err "bad trace_hash '$h' names the file and key" "$tmp/hash/results.json: field \"trace_hash\""
  rm -rf "$tmp/hash"
done

expect_exit 65 "viz --around-violation of a missing run dir" "$bin" viz --around-violation "$tmp/nope" --format dot
expect_err "missing run dir says so" "$tmp/nope: no such run directory"
expect_err "missing run dir says what creates it" "faultline run SCENARIO --out"
expect_exit 65 "replay of a missing run dir" "$bin" replay "$tmp/nope"
expect_err "replay of a missing run dir says so" "$tmp/nope: no such run directory"
mkdir "$tmp/emptydir"
expect_exit 65 "replay of a directory without results.json" "$bin" replay "$tmp/emptydir"
expect_err "replay names the missing results.json" "has no results.json"

# --- Class 4 (readers): other hostile bytes. Each is a clear exit 65 or a right answer. ----
printf '%s\n%s\n' "$inv" '{"time":2,"process":0,"type":"ok","f":"write","key":"k","value":1,"value":2}' >"$tmp/dup.jsonl"
expect_exit 65 "history line with a field twice" "$bin" check "$tmp/dup.jsonl" --model kv
expect_err "a repeated field is named" "dup.jsonl:2: expected each field once, found '\"value\" twice'"
{ head -3 "$tmp/run/trace.jsonl"; echo '{"i":999999,"t":999999999999,"type":"note","type":"crash","node":"n1"}'; } >"$tmp/duptrace.jsonl"
expect_exit 65 "trace line with a field twice" "$bin" viz "$tmp/duptrace.jsonl" --format dot
expect_err "a repeated trace field is named" "duptrace.jsonl:4: expected each field once"
printf '%s\n%s\n' "$inv" "$okw" | sed 's/"k"/"k\x00x"/' >"$tmp/nul.jsonl"
expect_exit 65 "NUL byte in a history string" "$bin" check "$tmp/nul.jsonl" --model kv
expect_err "NUL byte shown escaped" '\x00'
printf '%s\n%s\n' "$inv" "$okw" | sed 's/"k"/"k\xff\xfe"/' >"$tmp/utf8.jsonl"
expect_exit 65 "invalid UTF-8 in a history string" "$bin" check "$tmp/utf8.jsonl" --model kv
printf '%s\n%s\n' "$inv" "$okw" | sed 's/"value":1/"value":99999999999999999999999/' >"$tmp/huge.jsonl"
expect_exit 65 "integer beyond int64" "$bin" check "$tmp/huge.jsonl" --model kv
expect_err "integer beyond int64 names the limit" "an integer of at most 64 bits"
printf '%s\n%s\n' '{"i":1,"t":0,"type":"start","node":"n1"}' '{"i":99999999999999999999,"t":1,"type":"start","node":"n2"}' >"$tmp/bigi.jsonl"
expect_exit 65 "trace index beyond int64" "$bin" viz "$tmp/bigi.jsonl" --format dot
expect_err "trace index beyond int64 names the limit" "bigi.jsonl:2: expected \"i\" to be an integer of at most 64 bits"
printf '%s\n%s\n' "$inv" "$okw" | sed 's/"time":2/"time":1e400/' >"$tmp/hugef.jsonl"
expect_exit 65 "time 1e400" "$bin" check "$tmp/hugef.jsonl" --model kv
printf '%s\r\n%s\r\n' "$inv" "$okw" >"$tmp/crlf.jsonl"
expect_exit 0 "CRLF line ends" "$bin" check "$tmp/crlf.jsonl" --model kv
printf '%s\n%s' "$inv" "${okw:0:30}" >"$tmp/trunc.jsonl"
expect_exit 65 "truncated last line" "$bin" check "$tmp/trunc.jsonl" --model kv
expect_err "truncated line named" "trunc.jsonl:2:"
printf '%s\n%s\n' "$inv" '{"time":"2","process":0,"type":"ok","f":"write","key":"k","value":1}' >"$tmp/type.jsonl"
expect_exit 65 "time as a string" "$bin" check "$tmp/type.jsonl" --model kv
py "print('{\"time\":1,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k\",\"value\":\"' + 'x'*(32<<20) + '\"}')" >"$tmp/bigline.jsonl"
expect_exit 0 "a 32 MB line" "$bin" check "$tmp/bigline.jsonl" --model kv
rm -f "$tmp/bigline.jsonl"
py "import random, sys; r = random.Random(1); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(100000)))" >"$tmp/random.bin"
expect_exit 65 "random bytes as a history" "$bin" check "$tmp/random.bin" --model kv
expect_exit 65 "random bytes as a trace" "$bin" viz "$tmp/random.bin" --format dot
for body in '[]' '"x"' '{"seed":"3","trace_hash":"0123456789abcdef"}' '{"seed":3,"trace_hash":7}' \
            '{"seed":-3,"trace_hash":"0123456789abcdef"}' '{"seed":3,"trace_hash":"0123456789abcdef","overrides":"x"}'; do
  cp -r "$tmp/run" "$tmp/typed"
  printf '%s\n' "$body" >"$tmp/typed/results.json"
  expect_exit 65 "replay of results.json $body" "$bin" replay "$tmp/typed"
  rm -rf "$tmp/typed"
done

cp -r "$tmp/run" "$tmp/notrace"; rm "$tmp/notrace/trace.jsonl"
expect_exit 65 "viz --around-violation of a run dir without a trace" "$bin" viz --around-violation "$tmp/notrace" --format dot
expect_err "a run dir without a trace says so" "$tmp/notrace: the run directory has no trace.jsonl"

# --- Jepsen's history.edn (jepsen-edn): nesting, strings, numbers, bytes. ----------------
edn_inv='{:process 0, :type :invoke, :f :write, :value 1}'
for open in '[' '(' '{:a ' '#{' '#t ' '#_ '; do
  py "print('[$edn_inv {:process 0, :type :ok, :f :write, :value ' + '$open'*70000 + '}]')" >"$tmp/deep.edn"
  expect_exit 65 "history.edn nested 70000 deep with '$open'" "$bin" check "$tmp/deep.edn" --model register
  expect_err "deep history.edn ('$open') names file:line:column" "$tmp/deep.edn:1:"
  expect_err "deep history.edn ('$open') names the limit" "expected EDN nested at most 128 levels deep"
done
py "print('[$edn_inv ' + '#_ 1 '*200000 + '{:process 0, :type :ok, :f :write, :value 1}]')" >"$tmp/discards.edn"
expect_exit 0 "200000 discards in a row" "$bin" check "$tmp/discards.edn" --model register
printf '[%s\n {:process 0, :type :ok, :f :write, :value "1]\n' "$edn_inv" >"$tmp/unterminated.edn"
expect_exit 65 "unterminated string in history.edn" "$bin" check "$tmp/unterminated.edn" --model register
expect_err "unterminated string names where it starts" "unterminated.edn:2:44: expected a '\"' closing the string that starts here"
printf '[{:process 0, :type :invoke, :f :write, :value 99999999999999999999999}]\n' >"$tmp/huge.edn"
expect_exit 65 "integer beyond int64 in history.edn" "$bin" check "$tmp/huge.edn" --model register
expect_err "history.edn integer beyond int64 names the limit" "huge.edn:1:48: expected a value that is nil, an integer of at most 64 bits"
printf '[%s {:process 0, :type :ok, :f :write, :value 1, :time 1e400, :x 1N}]\n' "$edn_inv" >"$tmp/mixed.edn"
expect_exit 65 "a :time on one op only" "$bin" check "$tmp/mixed.edn" --model register
printf '\xef\xbb\xbf[%s {:process 0, :type :ok, :f :write, :value 1}]\n' "$edn_inv" >"$tmp/bom2.edn"
expect_exit 0 "history.edn with a UTF-8 BOM" "$bin" check "$tmp/bom2.edn" --model register
expect_exit 65 "random bytes as history.edn" "$bin" check "$tmp/random.bin" --model register --format jepsen-edn

# --- Op numbers and client names (faultline histories): one number, one op. --------------
line() { # time process type extra-fields
  printf '{"time":%s,"process":%s,%s"type":"%s","f":"write","key":"k","value":1}\n' "$1" "$2" "$4" "$3"
}
{ line 1 0 invoke '"op":1,'; line 2 0 ok '"op":1,'; line 3 1 invoke '"op":1,'; line 4 1 ok '"op":1,'; } >"$tmp/dup-op.jsonl"
expect_exit 65 "two ops with one number" "$bin" check "$tmp/dup-op.jsonl" --model kv
expect_err "the duplicate names the first" "dup-op.jsonl:3: expected an op number not used before (op 1 is the op invoked on line 1)"
{ line 1 0 invoke '"op":2,'; line 2 0 ok ''; line 3 1 invoke ''; } >"$tmp/mixed-op.jsonl"
expect_exit 65 "a given number meets a positional one" "$bin" check "$tmp/mixed-op.jsonl" --model kv
expect_err "says the line is numbered by position" "this line has no \"op\" and is numbered by position"
{ line 1 0 invoke ''; line 2 0 ok '"op":5,'; } >"$tmp/late-op.jsonl"
expect_exit 65 "an op number on the completion only" "$bin" check "$tmp/late-op.jsonl" --model kv
expect_err "says the invocation has none" "late-op.jsonl:2: expected no \"op\" (the invocation on line 1 has none), found 'op 5'"
{ line 1 0 invoke '"op":1,'; line 2 0 ok '"op":2,'; } >"$tmp/other-op.jsonl"
expect_exit 65 "a completion of another op number" "$bin" check "$tmp/other-op.jsonl" --model kv
expect_err "names the invocation's number" "expected op 1 (as invoked on line 1), found 'op 2'"
{ line 1 0 invoke '"client":"c1",'; line 2 0 ok '"client":"c2",'; } >"$tmp/client.jsonl"
expect_exit 65 "a completion by another client" "$bin" check "$tmp/client.jsonl" --model kv
expect_err "names the client" "expected client 'c1' (as invoked on line 1), found 'c2'"
for bad_op in 0 -3 '"x"' 1.5 1e20; do
  { line 1 0 invoke "\"op\":$bad_op,"; line 2 0 ok ''; } >"$tmp/bad-op.jsonl"
  expect_exit 65 "op number $bad_op" "$bin" check "$tmp/bad-op.jsonl" --model kv
done
{ line 1 0 invoke '"client":5,'; line 2 0 ok ''; } >"$tmp/bad-client.jsonl"
expect_exit 65 "a client that is not a string" "$bin" check "$tmp/bad-client.jsonl" --model kv

echo "hostile_readers_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
