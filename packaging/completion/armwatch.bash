# bash completion for armwatch(1). Installed to
# /usr/share/bash-completion/completions/armwatch; bash-completion loads it on
# first use of `armwatch`.

_armwatch_categories="mdl-crossing dmz-hostile-act dmz-militarization naval-nll-clash
  airspace-incursion artillery-fire-near-border missile-launch nuclear-test
  armistice-repudiation commission-activity reinforcement diplomacy-talks"

# Feed names from the event log, for --feed (quietly nothing when unreadable).
_armwatch_feeds() {
    local -a db=()
    [[ -n $1 ]] && db=(--db "$1")
    armwatch "${db[@]}" feeds --format tsv 2>/dev/null | tail -n +2 | cut -f1
}

_armwatch() {
    local cur prev words cword
    _init_completion || return

    local commands="events incidents search show stats export feeds feed config rules
        history replay alerts silence"
    local filters="--since --until --severity --category --provision --source --feed --rule
        --limit"
    local output="--format --color"

    # The subcommand, and the --db given before it (for --feed names).
    local cmd="" sub="" db="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db) db=${words[i + 1]} ;;
            -*) ;;
            *)
                if [[ -z $cmd ]]; then
                    [[ ${words[i - 1]} == @(--db|-c|--config) ]] || cmd=${words[i]}
                elif [[ -z $sub ]]; then
                    sub=${words[i]}
                fi
                ;;
        esac
    done

    case $prev in
        --db | -c | --config | --provisions | --input | --item | --rules)
            _filedir
            return
            ;;
        --history | --dir)
            _filedir -d
            return
            ;;
        --format)
            case $cmd in
                show) COMPREPLY=($(compgen -W "auto text json" -- "$cur")) ;;
                export) COMPREPLY=($(compgen -W "ndjson csv" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "auto table tsv csv json ndjson" -- "$cur")) ;;
            esac
            return
            ;;
        --color | --colour)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return
            ;;
        --severity)
            COMPREPLY=($(compgen -W "info warning violation" -- "$cur"))
            return
            ;;
        --category)
            COMPREPLY=($(compgen -W "$_armwatch_categories" -- "$cur"))
            return
            ;;
        --by)
            COMPREPLY=($(compgen -W "category provision source severity rule feed" -- "$cur"))
            return
            ;;
        --per)
            COMPREPLY=($(compgen -W "day week month" -- "$cur"))
            return
            ;;
        --since | --until)
            COMPREPLY=($(compgen -W "1h 24h 7d 30d 90d 365d today yesterday" -- "$cur"))
            return
            ;;
        --provision)
            COMPREPLY=($(compgen -W "AA- CMA- UNSCR-" -- "$cur"))
            compopt -o nospace
            return
            ;;
        --feed)
            COMPREPLY=($(compgen -W "$(_armwatch_feeds "$db")" -- "$cur"))
            return
            ;;
        --status)
            COMPREPLY=($(compgen -W "pending sent failed silenced" -- "$cur"))
            return
            ;;
        --source | --rule | --limit | -n | --min-sources | --incident | --text | --receiver)
            return
            ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--config --db --version --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local opts=""
    case $cmd in
        events) opts="$filters $output --incident" ;;
        incidents) opts="$filters $output --min-sources" ;;
        search) opts="$filters $output" ;;
        show) opts="--format --color --provisions --history" ;;
        stats) opts="--by --per $filters $output" ;;
        export) opts="$filters --format" ;;
        feeds) opts="$output" ;;
        feed)
            [[ -z $sub ]] && { COMPREPLY=($(compgen -W "parse fetch" -- "$cur")); return; }
            [[ $sub == parse ]] && { opts="--content-type --timezone --format"; [[ $cur != -* ]] && _filedir; }
            [[ $sub == fetch ]] && opts="--timezone"
            ;;
        config)
            [[ -z $sub ]] && { COMPREPLY=($(compgen -W "check show" -- "$cur")); return; }
            [[ $cur != -* ]] && _filedir
            ;;
        rules)
            [[ -z $sub ]] && { COMPREPLY=($(compgen -W "lint test list explain" -- "$cur")); return; }
            opts="--format --rule --text --item --all"
            [[ $cur != -* ]] && _filedir -d
            ;;
        alerts)
            [[ -z $sub && $cur != -* ]] && { COMPREPLY=($(compgen -W "test" -- "$cur")); return; }
            opts="--status --receiver --limit --attempts --format --wait"
            ;;
        silence)
            [[ -z $sub ]] && { COMPREPLY=($(compgen -W "add list expire" -- "$cur")); return; }
            ;;
        history) opts="--search --dir --format" ;;
        replay) opts="--rules --input --format --score --history" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY+=($(compgen -W "$opts --help" -- "$cur"))
    fi
} &&
    complete -F _armwatch armwatch
