#!/bin/bash
# The real `class watch` app (Textual, in tmux 120x40) over a class of 30 made at /tmp/cw30
# (see bench_class_watch.py for the folder): its CPU ticks from /proc over SECONDS, with
# and without the 30 writers of bench_class_watch.py.
# usage: cwcpu.sh SECONDS WITH_WRITERS(0/1)
cd /work/wt/classwatch
tmux new -d -s cwb -x 120 -y 40 '/work/venvs/classwatch/bin/python -m tui_tutor class watch /tmp/cw30 --lang en'
sleep 4
PID=$(pgrep -f "^/work/venvs/classwatch/bin/python -m tui_tutor class watch" | head -1); echo "comm: $(cat /proc/$PID/comm) $(tr "\0" " " < /proc/$PID/cmdline)"
if [ "$2" = 1 ]; then /work/venvs/classwatch/bin/python -c "
import sys; sys.path.insert(0,'benchmarks'); from bench_class_watch import writers; writers('/tmp/cw30', 30, $1+2)" & WP=$!; fi
a=$(awk '{print $14+$15}' /proc/$PID/stat); sleep $1; b=$(awk '{print $14+$15}' /proc/$PID/stat)
echo "writers=$2 cpu ticks over $1 s: $((b-a)) (of $(( $1 * $(getconf CLK_TCK) )) per core)"
[ -n "$WP" ] && wait $WP
tmux kill-session -t cwb
