//go:build !purego

#include "textflag.h"

// func blockPairs(p *byte, w int, sum *uint16, lo, hi *byte, n int)
TEXT ·blockPairs(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), SI
	MOVQ w+8(FP), DX
	MOVQ sum+16(FP), DI
	MOVQ lo+24(FP), R8
	MOVQ hi+32(FP), R9
	MOVQ n+40(FP), CX
	PXOR X7, X7

pair:
	TESTQ CX, CX
	JZ    done
	// Row 0 of two blocks: X1 minimum, X2 maximum, X0 the sums of
	// each eight bytes in its two quadwords.
	MOVQ   SI, AX
	MOVOU  (AX), X0
	MOVOU  X0, X1
	MOVOU  X0, X2
	PSADBW X7, X0
	MOVQ   $7, BX

row:
	ADDQ   DX, AX
	MOVOU  (AX), X3
	PMINUB X3, X1
	PMAXUB X3, X2
	PSADBW X7, X3
	PADDQ  X3, X0
	DECQ   BX
	JNZ    row

	PEXTRW $0, X0, AX
	MOVW   AX, (DI)
	PEXTRW $4, X0, AX
	MOVW   AX, 2(DI)

	// Fold each quadword's eight bytes into its lowest one.
	MOVOU  X1, X3
	PSRLQ  $32, X3
	PMINUB X3, X1
	MOVOU  X1, X3
	PSRLQ  $16, X3
	PMINUB X3, X1
	MOVOU  X1, X3
	PSRLQ  $8, X3
	PMINUB X3, X1
	PEXTRW $0, X1, AX
	MOVB   AX, (R8)
	PEXTRW $4, X1, AX
	MOVB   AX, 1(R8)

	MOVOU  X2, X3
	PSRLQ  $32, X3
	PMAXUB X3, X2
	MOVOU  X2, X3
	PSRLQ  $16, X3
	PMAXUB X3, X2
	MOVOU  X2, X3
	PSRLQ  $8, X3
	PMAXUB X3, X2
	PEXTRW $0, X2, AX
	MOVB   AX, (R9)
	PEXTRW $4, X2, AX
	MOVB   AX, 1(R9)

	ADDQ $16, SI
	ADDQ $4, DI
	ADDQ $2, R8
	ADDQ $2, R9
	DECQ CX
	JMP  pair

done:
	RET

// func darkRow(p, t *byte, out *uint32, n int)
TEXT ·darkRow(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ t+8(FP), DX
	MOVQ out+16(FP), DI
	MOVQ n+24(FP), CX

chunk:
	TESTQ CX, CX
	JZ    end
	// A pixel is dark where min(pixel, threshold) is the pixel.
	MOVOU    (SI), X0
	MOVOU    (DX), X1
	PMINUB   X0, X1
	PCMPEQB  X0, X1
	PMOVMSKB X1, AX
	MOVW     AX, (DI)
	ADDQ     $16, SI
	ADDQ     $16, DX
	ADDQ     $2, DI
	DECQ     CX
	JMP      chunk

end:
	RET
