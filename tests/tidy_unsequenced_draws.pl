#!/usr/bin/env perl
# tidy rule: two random draws in one unsequenced expression. C++ leaves the order in which
# a call's arguments (and most binary operators' operands) are evaluated unspecified; g++
# and clang++ pick different orders, so `IssueOp(DrawF(rng), keys.Next(rng))` gives two
# compilers two different traces. Draw into named locals, one statement each.
#
# A heuristic over the text (no types): a "draw" is a call of Next, Below, Between, Unit,
# ChancePpm, NextOp or a function named Draw*/Pick*/Random*/Sample* (with its arguments),
# or an argument naming an rng (`f(x, rng)`, `g(ctx.rng())`). A piece of code is a
# statement, a header of if/for/while/switch, or one element of a braced list or of a
# comma-separated declaration (all of which C++ sequences); a piece with two draws is
# reported, unless it has ?:, && or || (which sequence their operands). Lambda and
# function bodies are pieces of their own. Prints FILE:LINE: TEXT per finding.
#   tests/tidy_unsequenced_draws.pl FILE...
use strict;
use warnings;

my $args = qr/(\((?:[^()]++|(?-1))*+\))/;
my $recv = qr/(?:\w+(?:\(\))?(?:\.|->))*/;
my $draw = qr/${recv}\b(?:Next|Below|Between|Unit|ChancePpm|NextOp|(?:Draw|Pick|Random|Sample)\w*)\s*$args
             |(?<=[(,])\s*${recv}\w*rng\w*(?:\(\))?\s*(?=[),])/x;
my $found = 0;

for my $file (@ARGV) {
  open(my $fh, '<', $file) or die "$file: $!";
  my $src = do { local $/; <$fh> };
  close $fh;
  # Blank comments and literals, keeping newlines (line numbers) and lengths (offsets).
  $src =~ s{//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'}
           { my $m = $&; $m =~ s/[^\n]/ /g; $m =~ /^ / && $& =~ /^["']/ ? $m : $m }gse;
  $src =~ s/^[ \t]*#[^\n]*//mg;  # preprocessor lines
  scan($file, $src, 0, $src);
}
exit($found ? 1 : 0);

# Splits `text` (at offset `base` of `src`) into pieces, recursing into brace groups.
sub scan {
  my ($file, $text, $base, $src) = @_;
  my ($piece_start, $depth, $piece) = (0, 0, '');
  my @chars = split //, $text;
  my $i = 0;
  while ($i < @chars) {
    my $c = $chars[$i];
    if ($c eq '{') {
      my $end = match_brace(\@chars, $i);
      my $inner = join('', @chars[$i + 1 .. $end - 1]);
      scan($file, $inner, $base + $i + 1, $src);
      # A braced list inside an expression counts as one draw if it has any; a block
      # (a body, or after else/do/case X:) is a piece of its own.
      my $block = !is_list($piece);
      $piece .= (!$block && count($inner) ? ' Draw() ' : ' ') . ("\n" x ($inner =~ tr/\n//));
      $i = $end + 1;
      if ($block && $depth == 0) { report($file, $piece, $base + $piece_start, $src); $piece = ''; $piece_start = $i; }
      next;
    }
    $depth++ if $c eq '(' || $c eq '[';
    $depth-- if ($c eq ')' || $c eq ']') && $depth > 0;
    if ($depth == 0 && ($c eq ';' || $c eq ',')) {
      report($file, $piece, $base + $piece_start, $src);
      ($piece, $piece_start) = ('', $i + 1);
    } elsif ($depth == 0 && $c eq ')' && $piece =~ /^\s*(?:else\s+)?(?:if|for|while|switch)\s*\(/) {
      report($file, $piece . $c, $base + $piece_start, $src);  # a control header
      ($piece, $piece_start) = ('', $i + 1);
    } else {
      $piece .= $c;
    }
    $i++;
  }
  report($file, $piece, $base + $piece_start, $src);
}

sub is_list {
  my ($before) = @_;
  return 1 if $before =~ /(?:[=(\[,]|\breturn)\s*$/;
  return 0 if $before !~ /[\w>]\s*$/ || $before =~ /\b(?:const|override|noexcept|mutable|final|else|do|try)\s*$/;
  return $before !~ /^\s*(?:class|struct|namespace|enum|union|extern)\b/;
}

sub match_brace {
  my ($chars, $i) = @_;
  my $d = 0;
  for (my $j = $i; $j < @$chars; $j++) {
    $d++ if $chars->[$j] eq '{';
    $d-- if $chars->[$j] eq '}';
    return $j if $d == 0;
  }
  return $#$chars + 1;
}

sub count {
  my ($text) = @_;
  my $n = () = $text =~ /$draw/g;
  return $n;
}

sub report {
  my ($file, $piece, $offset, $src) = @_;
  return if $piece =~ /\?|&&|\|\|/ || count($piece) < 2;
  (my $lead = $piece) =~ s/^(\s*).*/$1/s;
  my $line = 1 + (substr($src, 0, $offset + length($lead)) =~ tr/\n//);
  (my $text = $piece) =~ s/\s+/ /g;
  $text =~ s/^ | $//g;
  print "$file:$line: two random draws in one unsequenced expression: $text\n";
  $found = 1;
}
