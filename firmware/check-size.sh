#!/bin/sh
# check-size.sh AVR-SIZE FIRMWARE.elf STAMP: prints the firmware's flash
# and RAM use on the ATmega328P and fails when it does not fit: 32 KiB
# flash less Optiboot's 512 bytes, 2 KiB RAM less 512 bytes for the stack.
set -eu
avr_size="$1" elf="$2" stamp="$3"

"$avr_size" -C --mcu=atmega328p "$elf"
set -- $("$avr_size" -A "$elf" | awk '$1 == ".text" || $1 == ".data" || $1 == ".bss" || $1 == ".noinit" { print $1, $2 }')
text=0 data=0 bss=0 noinit=0
while [ $# -ge 2 ]; do
  case "$1" in
    .text) text=$2 ;; .data) data=$2 ;; .bss) bss=$2 ;; .noinit) noinit=$2 ;;
  esac
  shift 2
done
flash=$((text + data))
ram=$((data + bss + noinit))
echo "salve-firmware: flash $flash of 32256 bytes, static RAM $ram of 1536 bytes (512 kept for the stack)"
if [ "$flash" -gt 32256 ] || [ "$ram" -gt 1536 ]; then
  echo "salve-firmware: does not fit the ATmega328P" >&2
  exit 1
fi
echo "flash=$flash ram=$ram" > "$stamp"
