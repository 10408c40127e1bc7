# fish completion for autosana-webhook
# Install by hand: copy to ~/.config/fish/completions/autosana-webhook.fish

set -l commands sign verify parse summarize summarise history sample vectors listen send store
complete -c autosana-webhook -f
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a sign -d 'Sign a body with HMAC-SHA256'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a verify -d 'Check a signature'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a parse -d 'Validate a payload and read its fields'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a summarize -d 'Summarise a batch'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a history -d 'Newly failing, flaky and fixed flows across many batches'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a sample -d 'Print a realistic payload'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a vectors -d 'Print the conformance cases of signature verification'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a listen -d 'Receive deliveries on a local endpoint'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a send -d 'Sign a body and post it'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -a store -d 'Keep deliveries and batches in SQLite or PostgreSQL'
complete -c autosana-webhook -n "not __fish_seen_subcommand_from $commands" -l version -d 'Show the version'
complete -c autosana-webhook -s h -l help -d 'Show help'

# Secrets, shared by sign, verify, history, listen, send and store import
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign verify history listen send import" -l secret-env -x -a '(set -n)' -d 'Read the secret from this environment variable'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign verify history listen send import" -l secret-file -r -F -d 'Read the secret from this file'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign verify history listen send import" -l secret -x -d 'The secret itself (visible to other users)'

# sign
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign" -s f -l format -x -a 'value hex header json http curl' -d 'Output format'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign" -l url -x -d 'Where --format http and curl deliver'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sign" -l list -d 'Write sha256=<hex>  FILE lines even for one file'

# verify
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -s s -l signature -x -d 'The signature, sha256=<hex>'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -s r -l request -r -F -d 'A raw HTTP request holding signature and body'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l json -d 'Print the verdict as JSON'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l pipe -d 'Write the verified body to standard output'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -s c -l check -r -F -d 'Verify a list written by sign'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l max-age -x -d 'Require the payload timestamp within this of now (5m)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l now -x -d 'The time --max-age compares with (RFC 3339)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l explain -d 'Find the likely cause of a mismatch, with advice'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l explain-limit -x -d 'Do not explain bodies larger than this (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l max-body -x -d 'Undo a saved request\'s Content-Encoding up to this size (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from verify" -l color -x -a 'auto always never' -d 'When to colour the verdict'

# parse
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -s q -l check -d 'Validate only, print nothing'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -l compact -d 'Print the JSON on one line'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -s f -l format -x -a 'json env flat' -d 'Output format'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -s g -l get -x -d 'Print the value at this JSON Pointer'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -l failed -d 'Print the names of the groups that did not pass'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -l raw -d 'Print values exactly, control characters and all'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -s z -l null -d 'End each value with NUL instead of a line break'
complete -c autosana-webhook -n "__fish_seen_subcommand_from parse" -l strict -d 'Also reject unknown fields, statuses and duplicate keys'

# summarize
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -s f -l format -x -a 'text markdown json junit html github comment ctrf' -d 'Output format'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l color -x -a 'auto always never' -d 'When to colour the output'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l failed-only -d 'Show only the groups that did not pass'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l verbose -d 'List every run'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l baseline -r -F -d 'Compare with an earlier payload'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l exit-zero -d 'Exit 0 whenever a summary was produced'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l fail-on-incomplete -d 'Exit 1 also when a run is still in progress'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l quarantine -r -F -d 'Flows reported but not failing the gate'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l owners -r -F -d 'Who owns which flows, CODEOWNERS-style'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l owner -x -d 'Only the flows this owner owns'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -l max-bytes -x -d 'End a longer Markdown report at a whole line'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize" -s o -l output -x -d 'Write FORMAT=FILE (- for standard output)'

# history
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -s f -l format -x -a 'text markdown json html github comment quarantine' -d 'Output format'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l color -x -a 'auto always never' -d 'When to colour the output'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l last -x -d 'Only the latest N batches'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l since -x -d 'Only batches from this time (RFC 3339, date, or age: 7d)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l branch -x -d 'Only batches of this git branch'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l app -x -d 'Only batches of this app id'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l require-verified -d 'Leave out batches no secret verified'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l max-bytes -x -d 'End a longer Markdown report at a whole line'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l max-body -x -d 'Undo a saved request\'s Content-Encoding up to this size (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l exit-zero -d 'Exit 0 even when a flow is newly failing'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l quarantine -r -F -d 'Flows reported but not failing the gate'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l owners -r -F -d 'Who owns which flows, CODEOWNERS-style'
complete -c autosana-webhook -n "__fish_seen_subcommand_from history" -l owner -x -d 'Only the flows this owner owns'

# sample
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l groups -x -d 'Run groups'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l runs -x -d 'Runs per group'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l failed -x -d 'Groups with a failing run'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l platform -x -a 'android ios web' -d 'The app platform'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l no-git -d 'Leave out the git object'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l timestamp -x -a 'now' -d 'The batch time, RFC 3339, or now'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l seed -x -d 'Seed for names, ids and failures'
complete -c autosana-webhook -n "__fish_seen_subcommand_from sample" -l run-status -d 'The run-status API response instead'

# listen
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l host -x -a '(__fish_print_hostnames)' -d 'Address to listen on'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -s p -l port -x -d 'Port to listen on (0 picks one)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l path -x -d 'The endpoint path'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l max-body -x -d 'Answer 413 above this size (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l read-timeout -x -d 'Answer 408 when a request head takes longer (10s)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l max-connections -x -d 'Connections open at once; the longest waiting makes room (1024)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l max-age -x -d 'Answer 401 to an older payload timestamp'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l save -x -a '(__fish_complete_directories)' -d 'Keep each delivery as a .http file here'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l save-max -x -d 'What the --save folder may hold (1GiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l forward -x -d 'Relay accepted deliveries to this URL'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l forward-timeout -x -d 'Answer 504 when the target takes longer (10s)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l max-forward-response -x -d 'Answer 502 when the target answers more (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen send" -l cacert -r -F -d 'Trust this CA or certificate (PEM) for https'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen send" -l insecure -d 'Do not verify the https certificate (warned)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l explain -d 'Print the likely cause of a mismatch, after the answer'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l explain-limit -x -d 'Do not diagnose bodies larger than this (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l inspect -d 'Serve the inspector page ([ADDRESS:]PORT, 127.0.0.1:8788)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l inspect-keep -x -d 'Deliveries the inspector holds (1000)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -s q -l quiet -d 'Print no line per delivery'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l json -d 'Print one JSON object per delivery'
complete -c autosana-webhook -n "__fish_seen_subcommand_from listen" -l color -x -a 'auto always never' -d 'When to colour the output'

# send
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -s r -l request -r -F -d 'Replay a raw HTTP request'
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -s H -l header -x -d 'Add a header, Name: value'
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -l timeout -x -d 'Give up after this long (30s)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -s v -l verbose -d 'Print the response headers and body'
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -l as-is -d 'With --request, send it exactly as saved'
complete -c autosana-webhook -n "__fish_seen_subcommand_from send" -l max-body -x -d 'Undo a saved request\'s Content-Encoding up to this size (10MiB)'

# The store: --store on history, summarize, listen and every store command
complete -c autosana-webhook -n "__fish_seen_subcommand_from history summarize summarise listen store" -l store -x -a 'sqlite: postgres:// postgresql://' -d 'The store: sqlite:PATH, postgres://..., key=value'
complete -c autosana-webhook -n "__fish_seen_subcommand_from summarize summarise" -l baseline-from-store -d 'Compare with the previous batch of the app and branch in the store'
set -l store_commands import export prune stats
complete -c autosana-webhook -n "__fish_seen_subcommand_from store; and not __fish_seen_subcommand_from $store_commands" -a import -d 'Add saved requests, payloads and folders'
complete -c autosana-webhook -n "__fish_seen_subcommand_from store; and not __fish_seen_subcommand_from $store_commands" -a export -d 'Write batches as NDJSON or deliveries as .http files'
complete -c autosana-webhook -n "__fish_seen_subcommand_from store; and not __fish_seen_subcommand_from $store_commands" -a prune -d 'Delete what is older than an age'
complete -c autosana-webhook -n "__fish_seen_subcommand_from store; and not __fish_seen_subcommand_from $store_commands" -a stats -d 'What the store holds'
complete -c autosana-webhook -n "__fish_seen_subcommand_from import" -F
complete -c autosana-webhook -n "__fish_seen_subcommand_from import" -l require-verified -d 'Import only what a secret verified'
complete -c autosana-webhook -n "__fish_seen_subcommand_from import" -l max-body -x -d 'Undo a saved request\'s Content-Encoding up to this size (10MiB)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from export" -s f -l format -x -a 'ndjson http' -d 'Output format'
complete -c autosana-webhook -n "__fish_seen_subcommand_from export" -s o -l output -x -a '(__fish_complete_directories)' -d 'The folder for --format http'
complete -c autosana-webhook -n "__fish_seen_subcommand_from prune" -l older-than -x -d 'Delete what is older than this age (90d)'
complete -c autosana-webhook -n "__fish_seen_subcommand_from prune" -l keep-failed -x -d 'Keep failed batches younger than this age'
complete -c autosana-webhook -n "__fish_seen_subcommand_from stats" -l json -d 'Print one JSON object'
