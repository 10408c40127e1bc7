# bash completion for autosana-webhook
# Install by hand: copy to ~/.local/share/bash-completion/completions/autosana-webhook
# (or /usr/share/bash-completion/completions/), or source it from ~/.bashrc.

# Options when the word being completed starts with '-', file names otherwise.
_autosana_webhook_options_or_files() {
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
    else
        _filedir
    fi
}

_autosana_webhook() {
    local cur prev words cword
    _init_completion || return

    local commands="sign verify parse summarize history sample vectors listen send store"
    local secret_options="--secret-env --secret-file --secret"
    local command="" word
    for word in "${words[@]:1:cword-1}"; do
        case "$word" in
            sign|verify|parse|summarize|summarise|history|sample|vectors|listen|send|store) command=${word/summarise/summarize}; break ;;
        esac
    done
    # store's own commands: import, export, prune, stats.
    local action=""
    if [[ $command == store ]]; then
        for word in "${words[@]:2:cword-2}"; do
            case "$word" in
                import|export|prune|stats) action=$word; break ;;
            esac
        done
    fi

    case "$prev" in
        --secret-env)
            mapfile -t COMPREPLY < <(compgen -v -- "$cur"); return ;;
        --platform)
            mapfile -t COMPREPLY < <(compgen -W "android ios web" -- "$cur"); return ;;
        --timestamp)
            mapfile -t COMPREPLY < <(compgen -W "now" -- "$cur"); return ;;
        --groups|--runs|--failed|--seed|--last|--since|--branch|--app)
            return ;;
        --color)
            mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --secret-file|-r|--request|-c|--check|--baseline|--cacert)
            _filedir; return ;;
        --save)
            _filedir -d; return ;;
        --store)
            mapfile -t COMPREPLY < <(compgen -W "sqlite: postgres:// postgresql://" -- "$cur"); return ;;
        --older-than|--keep-failed)
            return ;;
        --host|-p|--port|--path|--max-body|--save-max|--forward|-H|--header|--timeout|--read-timeout|--max-connections|--max-age|--forward-timeout|--max-forward-response|--explain-limit|--inspect-keep|--owner|-o|--output)
            return ;;
        -f|--format)
            if [[ $command == store ]]; then
                mapfile -t COMPREPLY < <(compgen -W "ndjson http" -- "$cur")
            elif [[ $command == parse ]]; then
                mapfile -t COMPREPLY < <(compgen -W "json env flat" -- "$cur")
            elif [[ $command == summarize ]]; then
                mapfile -t COMPREPLY < <(compgen -W "text markdown json junit html github comment ctrf" -- "$cur")
            elif [[ $command == history ]]; then
                mapfile -t COMPREPLY < <(compgen -W "text markdown json html github comment quarantine" -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -W "value hex header json http curl" -- "$cur")
            fi
            return ;;
        -g|--get)
            mapfile -t COMPREPLY < <(compgen -W "/event /timestamp /app/name /app/platform /git/branch /summary/failed_groups /run_groups/0/status" -- "$cur"); return ;;
        --secret|-s|--signature|--url|--max-age|--now)
            return ;;
    esac

    case "$command" in
        "")
            mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur") ;;
        sign)
            _autosana_webhook_options_or_files "--help --format --url --list $secret_options" ;;
        verify)
            _autosana_webhook_options_or_files "--help --signature --request --quiet --json --pipe
                --check --max-age --now --explain --explain-limit --max-body --color $secret_options" ;;
        parse)
            _autosana_webhook_options_or_files "--help --check --compact --format --get --failed --raw -z --null --strict" ;;
        summarize)
            _autosana_webhook_options_or_files "--help --format --output --color --failed-only --verbose --baseline --baseline-from-store --store --exit-zero --fail-on-incomplete --quarantine --owners --owner --max-bytes" ;;
        history)
            _autosana_webhook_options_or_files "--help --format --color --last --since --branch --app --max-bytes --max-body --require-verified --store --exit-zero --quarantine --owners --owner $secret_options" ;;
        vectors)
            mapfile -t COMPREPLY < <(compgen -W "--help" -- "$cur") ;;
        sample)
            mapfile -t COMPREPLY < <(compgen -W "--help --groups --runs --failed --platform --no-git --timestamp --seed --run-status" -- "$cur") ;;
        listen)
            mapfile -t COMPREPLY < <(compgen -W "--help --host --port --path --max-body --read-timeout
                --max-connections --max-age --save --save-max --store --forward --forward-timeout --max-forward-response --cacert --insecure --explain --explain-limit --inspect --inspect-keep --quiet --json --color $secret_options" -- "$cur") ;;
        send)
            _autosana_webhook_options_or_files "--help --request --as-is --max-body --header --timeout --cacert --insecure --verbose $secret_options" ;;
        store)
            case "$action" in
                "") mapfile -t COMPREPLY < <(compgen -W "import export prune stats --help" -- "$cur") ;;
                import) _autosana_webhook_options_or_files "--help --store --require-verified --max-body $secret_options" ;;
                export)
                    if [[ $prev == -o || $prev == --output ]]; then _filedir -d; return; fi
                    mapfile -t COMPREPLY < <(compgen -W "--help --store --format --output" -- "$cur") ;;
                prune) mapfile -t COMPREPLY < <(compgen -W "--help --store --older-than --keep-failed" -- "$cur") ;;
                stats) mapfile -t COMPREPLY < <(compgen -W "--help --store --json" -- "$cur") ;;
            esac ;;
    esac
}
complete -F _autosana_webhook autosana-webhook
