% The Octave side of one benchmark row: bench/compare.py replaces each @NAME@ and runs the
% result with `octave-cli FILE`. It prints one `time <ms>` line per timed round, then
% `check <x>`, a relative error that must be tiny (or the result was wrong).
rand("state", 1);
randn("state", 1);
n = @N@;
@SETUP@
% Warm-up: a fresh process runs its first big job up to 2x slower.
@OP@;
for rep = 1:@REPS@
  tic();
  @OP@;
  t = toc();
  printf("time %.6g\n", t * 1000);
end
printf("check %.6g\n", @CHECK@);
