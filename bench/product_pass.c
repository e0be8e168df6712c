/*
 * One pass over SmolLM2-135M's decode products in C, no JVM: 30 layers x (q|k|v 960x576, output
 * 576x576, gate|up 3,072x576, down 576x1,536) + the 49,152x576 head, weights packed as lmlab packs
 * them (contents arbitrary: only the timing matters), 2 MiB-aligned with huge pages advised as
 * NativeWeights allocates them. Prints wall and thread-CPU ms per pass (best, median) for 1, 8 and
 * 16 rows, F32 and F16, and a checksum of y (equal across kernel versions that keep the sums).
 *
 *   J=$(dirname $(dirname $(readlink -f $(command -v javac)))); C=lib/src/main/c
 *   cc -O3 -std=gnu11 -ffp-contract=off -fno-math-errno -I$J/include -I$J/include/linux -I$C \
 *       -o /tmp/product_pass bench/product_pass.c $C/lmlab_products.c $C/lmlab_decode.c -lm
 *   /tmp/product_pass [passes] [all|f32|f16]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include "lmlab_kernel.h"
typedef struct { int out, in; void *w; } mat;
static double now(clockid_t c){struct timespec t;clock_gettime(c,&t);return t.tv_sec*1e3+t.tv_nsec*1e-6;}
static void *alloc(size_t bytes){size_t H=2<<20; size_t sz=(bytes+H-1)/H*H; char*raw=mmap(0,sz+H,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
 char*p=(char*)(((uintptr_t)raw+H-1)/H*H); madvise(p,sz,MADV_HUGEPAGE); return p;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
 int passes=argc>1?atoi(argv[1]):10; const char *which=argc>2?argv[2]:"all";
 int L=30,h=576; mat m[121]; int n=0;
 for(int l=0;l<L;l++){ m[n++]=(mat){960,h,0}; m[n++]=(mat){h,h,0}; m[n++]=(mat){3072,h,0}; m[n++]=(mat){h,1536,0}; }
 m[n++]=(mat){49152,h,0};
 float *x=malloc(16*1536*4), *y=malloc(16*49152*4);
 for(int i=0;i<16*1536;i++) x[i]=(float)((i*2654435761u)%1000)/1000.f-0.5f;
 for(int type=0;type<2;type++){
  if(strcmp(which,"all") && ((type==0)!=(strcmp(which,"f32")==0))) continue;
  size_t es=type?2:4;
  for(int k=0;k<n;k++){ size_t e=lmlab_packed_elements(m[k].out,m[k].in); m[k].w=alloc(e*es);
    if(type){uint16_t*w=m[k].w; for(size_t i=0;i<e;i++) w[i]=0x2000|((i*2654435761u)>>20&0x3ff)|((i&1)<<15);}
    else {float*w=m[k].w; for(size_t i=0;i<e;i++) w[i]=(float)(((i*2654435761u)>>12)%2000)/20000.f-0.05f;} }
  int rowsv[]={1,8,16};
  for(int ri=0;ri<3;ri++){ int rows=rowsv[ri]; double wall[64],cpu[64];
   for(int p=-2;p<passes;p++){ double t0=now(CLOCK_MONOTONIC),c0=now(CLOCK_THREAD_CPUTIME_ID);
     for(int k=0;k<n;k++){ const char*err=lmlab_product(1,m[k].w,type,m[k].out,m[k].in,0,x,y,rows); if(err){puts(err);return 1;} }
     if(p>=0){wall[p]=now(CLOCK_MONOTONIC)-t0;cpu[p]=now(CLOCK_THREAD_CPUTIME_ID)-c0;} }
   double s=0; for(int k=0;k<16*49152 && k<rows*49152;k+=97) s+=y[k];
   qsort(wall,passes,8,cmp); qsort(cpu,passes,8,cmp);
   printf("%s rows %2d: wall best %.1f med %.1f  cpu best %.1f med %.1f ms  (chk %.6g)\n",type?"F16":"F32",rows,wall[0],wall[passes/2],cpu[0],cpu[passes/2],s);
  }
  for(int k=0;k<n;k++){ size_t e=lmlab_packed_elements(m[k].out,m[k].in); munmap(m[k].w,e*es);} /* approx: leaks alignment slack */
 }
 return 0;}
